# Golden scene dumps: each tests/golden/<case>/ has `args` (one argument per
# line, @SRC@ = the source tree) and `expected.dump`, the scene as text. The
# test renders the case with --format dump and diffs. To accept a deliberate
# change, run with CM_REGENERATE=1 and review the diff in git.
. "$(dirname "$0")/lib.sh"
for dir in "$CM_SRCDIR"/tests/golden/*/; do
  name=$(basename "$dir")
  mapfile -t args < <(sed "s|@SRC@|$CM_SRCDIR|g" "$dir/args")
  if ! "$CHRONOMAP" "${args[@]}" --format dump -o "$TMP/$name.dump" 2>"$TMP/err"; then
    fail "$name: chronomap failed: $(cat "$TMP/err")"
    continue
  fi
  if [ "${CM_REGENERATE:-0}" = 1 ]; then
    cp "$TMP/$name.dump" "$dir/expected.dump"
    echo "regenerated $name"
    ok
  elif diff -u "$dir/expected.dump" "$TMP/$name.dump" >"$TMP/$name.diff"; then
    ok
  else
    fail "$name: scene differs from expected.dump:"
    head -40 "$TMP/$name.diff" >&2
  fi
done
finish
