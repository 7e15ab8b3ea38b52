# A chronomap killed (SIGKILL) at random moments while it writes a figure's files: every
# file is then the old version or the new one, never a mix or a fragment, and the next
# run leaves no temporary file behind (render/util/cm_fileset.c). 100 kills by default
# (CM_KILL_ROUNDS); each at a random moment within the time one whole run takes, so the
# kills land in start-up, layout, rendering and the writes alike. No timing is asserted.
. "$(dirname "$0")/lib.sh"
M=$CM_SRCDIR/data/nato/members.csv
# no cache folder: a killed run must not change what the next one draws (see the report)
export CHRONOMAP_CACHE_DIR=off
rounds=${CM_KILL_ROUNDS:-100}
O=$TMP/out
mkdir -p "$O" "$TMP/A" "$TMP/B"
files="fig.svg fig.png report.json alt.txt"
render() { # VERSION DIR — exec, so that "render … &" leaves chronomap's own pid in $!
  (exec "$CHRONOMAP" timeline "$M" --title "Version $1" -o "$2/fig.svg" -o "$2/fig.png" \
    --report "$2/report.json" --alt-text "$2/alt.txt" 2>/dev/null)
}
# the references are rendered into the same folder (names may appear in the files)
render B "$O" && cp "$O"/* "$TMP/B/" && render A "$O" && cp "$O"/* "$TMP/A/"
check "the two versions render" test -s "$TMP/A/fig.png" -a -s "$TMP/B/fig.png"
for f in $files; do
  check "$f differs between the versions" sh -c "! cmp -s '$TMP/A/$f' '$TMP/B/$f'"
done
start=$(date +%s%N)
render A "$O"
took=$((($(date +%s%N) - start) / 1000)) # microseconds
[ "$took" -gt 0 ] || took=100000
mixed=0
torn=0
for round in $(seq 1 "$rounds"); do
  v=$([ $((round % 2)) = 0 ] && echo A || echo B)
  (exec "$CHRONOMAP" timeline "$M" --title "Version $v" -o "$O/fig.svg" -o "$O/fig.png" \
    --report "$O/report.json" --alt-text "$O/alt.txt" 2>/dev/null) &
  pid=$!
  # half the kills anywhere in the run, half in its last third, where the files are written
  delay=$((RANDOM * 32768 + RANDOM))
  if [ $((round % 4)) -lt 2 ]; then
    delay=$((delay % took))
  else
    delay=$((took * 2 / 3 + delay % (took / 3 + 1)))
  fi
  sleep "$(printf '%d.%06d' $((delay / 1000000)) $((delay % 1000000)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  seen=""
  for f in $files; do
    if cmp -s "$O/$f" "$TMP/A/$f"; then
      seen="$seen A"
    elif cmp -s "$O/$f" "$TMP/B/$f"; then
      seen="$seen B"
    else
      torn=$((torn + 1))
      fail "round $round: $f is neither version (killed after $delay us)"
    fi
  done
  case $seen in *A*B* | *B*A*) mixed=$((mixed + 1)) ;; esac
done
check "no file was ever torn in $rounds kills" test "$torn" -eq 0
echo "kills that left a mixed set (allowed: each file old or new): $mixed of $rounds" >&2
render A "$O"
check "a run after the kills completes" cmp -s "$O/fig.svg" "$TMP/A/fig.svg"
left=$(cd "$O" && ls -A | grep -v -x -e fig.svg -e fig.png -e report.json -e alt.txt)
check "no temporary file left after the next run: $left" test -z "$left"
finish
