# End-to-end tests of label priority on the axis timeline: the Japan/Korea figure keeps
# every label at 680 wide in the default (article) style; what a fixed size still leaves
# out the figure says in its note line; the priority column is read and checked.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
J=$D/treaties/japan-korea-nato.csv

# --- the shipped figure: all 24 events labelled, nothing dropped, no note line ---
run 0 timeline "$J" --layout axis -o "$TMP/jk.svg" --report "$TMP/jk.json"
check "no dropped-label warning" sh -c "! grep -q 'dropped label' '$TMP/err'"
check "report: nothing dropped" grep -q '"dropped" : \[\]' "$TMP/jk.json"
check "report: no dropped-label problem" sh -c "! grep -q '\"dropped-label\"' '$TMP/jk.json'"
check "no note line when nothing is left out" sh -c "! grep -q 'not labelled' '$TMP/jk.json'"
check "680 wide" grep -q '"width" : 680' "$TMP/jk.json"
# every row's label text is on the figure (a merged day puts several in one label)
missing=0
while IFS= read -r label; do
  grep -qF -- "$label" "$TMP/jk.json" || { missing=$((missing + 1)); echo "missing: $label" >&2; }
done < <(tail -n +2 "$J" | cut -d, -f6)
check "all 24 labels shown ($missing missing)" test "$missing" -eq 0
check "24 data rows" test "$(tail -n +2 "$J" | grep -c .)" -eq 24
check "the story-critical rows are marked must" test "$(grep -c ',must$' "$J")" -ge 6

# --- a fixed size that cannot hold them: the note line says how many events ---
run 0 timeline "$J" --layout axis --size 680x300 -o "$TMP/small.svg" --report "$TMP/small.json"
check "dropped labels warned on stderr" grep -q 'dropped label' "$TMP/err"
n=$(grep -o '"[0-9]* events not labelled"' "$TMP/small.json" | grep -o '[0-9]*')
check "the note line is on the figure" test -n "$n"
# the note counts events; a merged day is one dropped label for several events
labels=$(grep -c 'dropped label' "$TMP/err")
check "the note counts at least the dropped labels ($n >= $labels)" test "${n:-0}" -ge "$labels"
run 0 timeline "$J" --layout axis --size 680x300 --lang de -o "$TMP/de.svg" --report "$TMP/de.json"
check "the note line in German" grep -q 'Ereignisse ohne Beschriftung' "$TMP/de.json"

# --- the priority column ---
printf 'name,date,label,priority\nA,2001-01-01,One,must\nB,2002-01-01,Two,HIGH\nC,2003-01-01,Three,\nD,2004-01-01,Four,low\n' >"$TMP/p.csv"
run 0 timeline "$TMP/p.csv" --layout axis -o "$TMP/p.svg"
printf 'name,date,label,priority\nA,2001-01-01,One,urgent\n' >"$TMP/bad.csv"
run 65 timeline "$TMP/bad.csv" --layout axis -o "$TMP/bad.svg"
check "unknown priority: file:line:column and the words" \
  grep -q 'bad.csv:2:4: error: unknown priority "urgent"; use must, high, normal or low' "$TMP/err"
printf 'name,date,label,importance\nA,2001-01-01,One,oops\n' >"$TMP/syn.csv"
run 65 timeline "$TMP/syn.csv" --layout axis -o "$TMP/syn.svg"
check "a synonym header is the priority column" grep -q 'unknown priority' "$TMP/err"
printf 'name,date,label,rank\nA,2001-01-01,One,must\n' >"$TMP/col.csv"
run 0 timeline "$TMP/col.csv" --layout axis --column priority=rank -o "$TMP/col.svg"
run 65 timeline "$TMP/bad.csv" --layout axis --column priority=priority -o "$TMP/bad.svg"

finish
