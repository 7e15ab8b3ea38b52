# End-to-end tests of `chronomap timeline`: formats, sizes, exit codes,
# atomic writes, reproducibility, reports, stdin/stdout.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv

# --- formats from the extension, readable by independent tools ---
run 0 timeline "$M" --title "How NATO grew" --source "Source: NATO" -o "$TMP/a.svg" --size 1200x700
check "svg is SVG" grep -q "<svg" "$TMP/a.svg"
rsvg-convert "$TMP/a.svg" -o "$TMP/a-rsvg.png" 2>/dev/null
check "rsvg reads the svg" test -s "$TMP/a-rsvg.png"
size=$(file "$TMP/a-rsvg.png" | grep -o '[0-9]* x [0-9]*')
check "rsvg renders at the asked size (got $size)" test "$size" = "1200 x 700"

run 0 timeline "$M" --title "How NATO grew" --source "Source: NATO" -o "$TMP/a.pdf"
check "pdf magic" grep -q "^%PDF" "$TMP/a.pdf"
pdftotext "$TMP/a.pdf" "$TMP/a.txt"
check "pdf text has the title" grep -q "How NATO grew" "$TMP/a.txt"
check "pdf text has a member" grep -q "North Macedonia" "$TMP/a.txt"
check "pdf text has Sweden's date" grep -q "7 Mar 2024" "$TMP/a.txt"

run 0 timeline "$M" -o "$TMP/a.png" --size 800x450
check "png size" sh -c "file '$TMP/a.png' | grep -q '800 x 450'"
run 0 timeline "$M" -o "$TMP/a2.png" --size 800x450 --scale 2
check "png @2x size" sh -c "file '$TMP/a2.png' | grep -q '1600 x 900'"

# --- format flag and stdout ---
run 0 timeline "$M" --format svg -o - && cp "$TMP/out" "$TMP/stdout.svg"
check "stdout svg" grep -q "<svg" "$TMP/stdout.svg"
run 64 timeline "$M" -o - || true
# --- stdin ---
"$CHRONOMAP" timeline - -o "$TMP/stdin.svg" <"$M" 2>"$TMP/err"
check "stdin input" test -s "$TMP/stdin.svg"

# --- reproducible bytes ---
for ext in svg png pdf; do
  "$CHRONOMAP" timeline "$M" --title T -o "$TMP/r1.$ext" 2>/dev/null
  "$CHRONOMAP" timeline "$M" --title T -o "$TMP/r2.$ext" 2>/dev/null
  check "byte-identical $ext" cmp -s "$TMP/r1.$ext" "$TMP/r2.$ext"
done

# --- one layout, several files: each the same as when rendered alone ---
run 0 timeline "$M" --title T -o "$TMP/m.svg" -o "$TMP/m.png" -o "$TMP/m.pdf"
for ext in svg png pdf; do
  check "-o repeated: $ext same bytes as alone" cmp -s "$TMP/m.$ext" "$TMP/r1.$ext"
done
run 64 timeline "$M" -o "$TMP/m2.svg" -o "$TMP/m2.png" --format svg
check "--format with two outputs refused" grep -q -- "--format" "$TMP/err"
run 64 timeline "$M" -o "$TMP/m3.svg" -o "$TMP/./m3.svg"
check "one file named twice refused" grep -q "both name" "$TMP/err"
echo precious >"$TMP/m4.svg"
mkdir -p "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" != 0 ]; then # root writes anywhere
  run 74 timeline "$M" -o "$TMP/m4.svg" -o "$TMP/ro/m4.png"
  check "one unwritable output: the other is not written either" \
    test "$(cat "$TMP/m4.svg")" = precious
fi
chmod 755 "$TMP/ro"
run 74 timeline "$M" -o "$TMP/m4.svg" -o "$TMP/missing-dir/m4.png"
check "one output in a missing folder: the other is untouched" test "$(cat "$TMP/m4.svg")" = precious

# --- usage errors: 64, nothing written ---
run 64 timeline "$M" -o "$TMP/u.svg" --layout spiral
check "usage error names the bad layout" grep -q "spiral" "$TMP/err"
check "no output on usage error" test ! -e "$TMP/u.svg"
run 64 timeline "$M" -o "$TMP/u.xyz" || true
run 64 timeline "$M" -o "$TMP/u.svg" --size 0x100 || true
run 64 timeline "$M" -o "$TMP/u.svg" --size 100000x100 || true
run 64 timeline "$M" -o "$TMP/u.svg" --from 1999-13 || true
run 64 timeline -o "$TMP/u.svg" || true
run 64 timeline "$M" "$M" -o "$TMP/u.svg" || true
run 64 bogus || true
run 0 --version && check "version" grep -q "chronomap" "$TMP/out"
run 0 timeline --help && check "help lists --layout" grep -q -- "--layout" "$TMP/out"

# --- data errors: 65, file:line:column, nothing written, existing file untouched ---
printf 'country,joined\nFrance,1949-08-24\nAtlantis,1999-13\nSpain,2023-02-30\n' >"$TMP/bad.csv"
echo "precious" >"$TMP/keep.svg"
run 65 timeline "$TMP/bad.csv" -o "$TMP/keep.svg"
check "error names file:line:column" grep -q "bad.csv:3:2: error" "$TMP/err"
check "quotes the value" grep -q '"1999-13"' "$TMP/err"
check "all problems in one run" grep -q "bad.csv:4:2: error" "$TMP/err"
check "existing output untouched" test "$(cat "$TMP/keep.svg")" = "precious"
check "no temp files left" test "$(ls "$TMP" | grep -c keep)" -eq 1
run 65 timeline "$TMP/bad.csv" -o "$TMP/new.svg" || true
check "no output on data error" test ! -e "$TMP/new.svg"
printf 'country,year\nFrance,1949\n' >"$TMP/nodate.csv"
run 65 timeline "$TMP/nodate.csv" -o "$TMP/n.svg" || true
check "missing column lists headers" grep -q "year" "$TMP/err"

# --- I/O errors: 74 ---
run 74 timeline "$TMP/missing.csv" -o "$TMP/m.svg" || true
run 74 timeline "$M" -o "$TMP/no/such/dir/m.svg" || true
check "no output in a missing dir" test ! -e "$TMP/no"
run 64 timeline "$M" -o "$M" --format svg || true
check "input not overwritten" head -1 "$M" | grep -q "country"

# --- report ---
run 0 timeline "$M" --title "How NATO grew" -o "$TMP/rep.svg" --report "$TMP/rep.json"
check "report has canvas" grep -q '"canvas"' "$TMP/rep.json"
check "report has zero overlaps" grep -q '"overlaps" : 0' "$TMP/rep.json"
check "report lists the title box" grep -q '"id" : "title"' "$TMP/rep.json"

finish
