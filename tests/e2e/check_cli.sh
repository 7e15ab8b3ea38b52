# End-to-end tests of --check: the figure checker as a gate for users' CI. A clean figure
# exits 0 and is written; a figure with any problem lists each as "FIGURE: KIND: ids" on
# stderr, exits 65 and writes nothing (no figure, report or alt text). The report carries
# the problems found with the style's type floors, with or without --check.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv
J=$D/treaties/japan-korea-nato.csv

# --- a clean figure passes and is written ---
run 0 timeline "$M" --check -o "$TMP/clean.svg" --report "$TMP/clean.json"
check "clean: figure written" test -s "$TMP/clean.svg"
check "clean: report has no problems" grep -q '"problems" : \[\]' "$TMP/clean.json"
check "clean: nothing on stderr" test ! -s "$TMP/err"
run 0 timeline "$M" --check=true -o "$TMP/clean2.svg"

# --- a planted floor violation: the style's own floor is what is checked ---
run 0 timeline "$M" --set text.min-size=40 -o "$TMP/small.svg" --report "$TMP/small.json"
check "no --check: a problem does not fail the figure" test -s "$TMP/small.svg"
check "report: text-too-small with the style's floor" grep -q '"text-too-small"' "$TMP/small.json"
check "clean report had no text-too-small" sh -c "! grep -q text-too-small '$TMP/clean.json'"

echo precious >"$TMP/keep.svg"
run 65 timeline "$M" --check --set text.min-size=40 -o "$TMP/keep.svg" -o "$TMP/new.png" \
  --report "$TMP/new.json" --alt-text "$TMP/new.txt"
check "--check fails: existing output untouched" test "$(cat "$TMP/keep.svg")" = precious
check "--check fails: no png" test ! -e "$TMP/new.png"
check "--check fails: no report" test ! -e "$TMP/new.json"
check "--check fails: no alt text" test ! -e "$TMP/new.txt"
check "problems listed as FIGURE: KIND: ids" \
  grep -q "^$TMP/keep.svg: text-too-small: [a-z]" "$TMP/err"
check "the error names --check and says nothing was written" \
  grep -q "^chronomap: error: --check: .* nothing written" "$TMP/err"
n_listed=$(grep -c "^$TMP/keep.svg: " "$TMP/err")
check "the error counts what it listed ($n_listed)" \
  grep -q "has $n_listed problems" "$TMP/err"

# --- a tiny canvas: dropped labels and crowding are problems too ---
run 65 timeline "$J" --layout axis --size 320x200 --check -o "$TMP/tiny.svg"
check "tiny: dropped-label listed" grep -q "^$TMP/tiny.svg: dropped-label: label:item:" "$TMP/err"
check "tiny: nothing written" test ! -e "$TMP/tiny.svg"

# --- stdout: the data file names the figure ---
run 65 timeline "$M" --check --set text.min-size=40 --format svg -o -
check "stdout: nothing written" test ! -s "$TMP/out"
check "stdout: the data file names the figure" grep -q "^$M: text-too-small: " "$TMP/err"

# --- maps take it too ---
run 65 map "$M" --check --set text.min-size=40 --labels -o "$TMP/map.svg"
check "map: problem listed" grep -q "^$TMP/map.svg: text-too-small: " "$TMP/err"
check "map: nothing written" test ! -e "$TMP/map.svg"

# --- a manifest key, from the option table ---
cat >"$TMP/m.ini" <<INI
[figure ok]
kind = timeline
data = $M
output = $TMP/batch/ok
outputs = svg
check = true

[figure small]
kind = timeline
data = $M
output = $TMP/batch/small
outputs = svg
set = text.min-size=40
check = true
INI
run 65 batch "$TMP/m.ini" -j 1
check "batch: the clean figure is written" test -s "$TMP/batch/ok.svg"
check "batch: the failing figure is not" test ! -e "$TMP/batch/small.svg"
check "batch: its problems are listed" grep -q "text-too-small" "$TMP/err"
check "options lists --check" sh -c "'$CHRONOMAP' options | grep -q '^timeline check '"

finish
