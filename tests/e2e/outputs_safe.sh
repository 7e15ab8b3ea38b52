# No output may damage a user's file (issue 19): an output that names an input, or
# another output, is a usage error naming both and nothing is written; a replaced file
# keeps its mode; a link is written through; standard output is written before anything
# is renamed, so a full stdout leaves the other files as they were.
. "$(dirname "$0")/lib.sh"
M=$CM_SRCDIR/data/nato/members.csv
cp "$M" "$TMP/data.csv"
printf '[canvas]\nbackground = #ffffff\n' >"$TMP/style.ini"
cp "$TMP/style.ini" "$TMP/style.orig"
cp "$TMP/data.csv" "$TMP/data.orig"

run 64 timeline "$TMP/data.csv" --style "$TMP/style.ini" -o "$TMP/a.svg" --report "$TMP/style.ini"
check "report onto the style: refused as an input" grep -q "style.ini.*input" "$TMP/err"
check "... the style is untouched" cmp -s "$TMP/style.ini" "$TMP/style.orig"
check "... and no figure written" test ! -e "$TMP/a.svg"

ln -s data.csv "$TMP/alias.txt"
run 64 timeline "$TMP/data.csv" -o "$TMP/a.svg" --alt-text "$TMP/alias.txt"
check "alt text through a link onto the data: refused as an input" grep -q "alias.txt.*input" "$TMP/err"
check "... the data is untouched" cmp -s "$TMP/data.csv" "$TMP/data.orig"
ln "$TMP/data.csv" "$TMP/hard.json"
run 64 timeline "$TMP/data.csv" -o "$TMP/a.svg" --report "$TMP/hard.json"
check "report onto a hard link of the data: refused as an input" grep -q "hard.json.*input" "$TMP/err"

mkdir "$TMP/o"
ln -s o "$TMP/same"
run 64 timeline "$TMP/data.csv" -o "$TMP/o/f.svg" --report "$TMP/same/f.svg"
check "two outputs, one file through a linked folder: refused" grep -q "one file" "$TMP/err"

run 0 timeline "$TMP/data.csv" -o "$TMP/o/private.svg"
chmod 600 "$TMP/o/private.svg"
run 0 timeline "$TMP/data.csv" --title again -o "$TMP/o/private.svg"
check "a replaced 0600 output stays 0600" test "$(stat -c %a "$TMP/o/private.svg")" = 600

ln -s /dev/stdout "$TMP/to-stdout.txt"
kind=$(stat -c %F /dev/stdout)
"$CHRONOMAP" timeline "$TMP/data.csv" -o "$TMP/o/g.svg" --alt-text "$TMP/to-stdout.txt" \
  >"$TMP/stdout" 2>"$TMP/err"
check "alt text through a link to /dev/stdout: written to standard output" grep -q "Timeline" "$TMP/stdout"
check "... the link is still a link" test -L "$TMP/to-stdout.txt"
check "... /dev/stdout is still a $kind" test "$(stat -c %F /dev/stdout)" = "$kind"

if [ -w /dev/full ]; then
  run 0 timeline "$TMP/data.csv" -o "$TMP/o/h.svg"
  cp "$TMP/o/h.svg" "$TMP/h.orig"
  "$CHRONOMAP" timeline "$TMP/data.csv" --title new -o "$TMP/o/h.svg" --report - \
    >/dev/full 2>"$TMP/err"
  got=$?
  check "report to a full stdout: exit 74 (got $got)" test "$got" -eq 74
  check "... and the figure was not replaced" cmp -s "$TMP/o/h.svg" "$TMP/h.orig"
fi
check "no temporary file left" test -z "$(ls -A "$TMP/o" | grep '^\.')"
finish
