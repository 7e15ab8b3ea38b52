# A chronomap started with standard descriptors closed: the files it opens must not take
# descriptor 0, 1 or 2, or the progress lines and warnings meant for the terminal land
# in the figures (render/cli/main.c opens /dev/null in their place first).
. "$(dirname "$0")/lib.sh"
B=$TMP/b
cp -r "$CM_SRCDIR/tests/batch" "$B"
cd "$B" || exit 1
# A warm cache of its own: a repeat run opens few files before its outputs, so a closed
# descriptor 2 would go to one of them.
export CHRONOMAP_CACHE_DIR=$TMP/cache
"$CHRONOMAP" batch small.ini -j 2 2>/dev/null
rm -rf out

# which descriptor a worker's file gets when a progress line is printed is a race: three
# rounds, each of which caught it about one time in two before the fix
for round in 1 2 3; do
  rm -rf out
  "$CHRONOMAP" batch small.ini -j 2 2>&-
  check "round $round: batch with stderr closed exits 0 (got $?)" test $? -eq 0
  check "round $round: every figure written" test "$(ls out/*.svg | wc -l)" -eq 7
  check "round $round: no output holds a progress line or warning" \
    sh -c "! grep -l -e 'rendered' -e 'chronomap:' out/* out/.chronomap-batch/* 2>/dev/null | grep -q ."
  check "round $round: the report is JSON" sh -c "head -c 1 out/windowed.json | grep -q '{'"
done

# Deterministic: with 1 closed, the first file opened (an input, read-only) took it and
# the figure for standard output failed with "Bad file descriptor"; now 1 is /dev/null.
"$CHRONOMAP" timeline members.csv --format svg -o - >&- 2>"$TMP/err"
check "stdout closed: '-' goes to /dev/null, not to a file opened later (got $?)" test $? -eq 0
check "stdout closed: no error" test ! -s "$TMP/err"
"$CHRONOMAP" timeline members.csv -o "$TMP/t.svg" <&- >&- 2>&-
check "timeline with 0, 1 and 2 closed writes its figure" grep -q "<svg" "$TMP/t.svg"
finish
