# Output that its readers can read: control characters and non-characters from the data
# or the options never reach an SVG or HTML (XML 1.0 forbids them, even as &#x1;), the
# data's are reported with their row, and no message echoes an escape sequence to the
# terminal.
. "$(dirname "$0")/lib.sh"
esc=$(printf '\033')
printf 'name,start\nFr\001ance,1949-08-24\n"Ital\033]0;pwned\007y",1949-08-24\nSpain\357\277\276,1982-05-30\n' \
  >"$TMP/ctl.csv"
for mode in outline selectable; do
  run 0 timeline "$TMP/ctl.csv" --title "T$(printf '\002')itle" --svg-text $mode -o "$TMP/$mode.svg"
  check "$mode: the SVG is well-formed XML: $(xmllint --noout "$TMP/$mode.svg" 2>&1 | head -c 300)" \
    xmllint --noout "$TMP/$mode.svg"
  check "$mode: no character reference to a control character" \
    sh -c "! grep -qi '&#x[01]\?[0-9a-f];' '$TMP/$mode.svg'"
  check "$mode: U+FFFD in their place" grep -q "$(printf '\357\277\275')" "$TMP/$mode.svg"
done
check "the data's are warned about with their row" grep -q "ctl.csv:2:1: warning: .*U+0001" "$TMP/err"
check "... each row" grep -q "ctl.csv:4:1: warning: .*U+FFFE" "$TMP/err"
check "no escape character reaches stderr" sh -c "! grep -q '$esc' '$TMP/err'"

# an error message quoting the data shows the escape, not the sequence
printf 'name,start\n"Bad\033[2J",1999-13-01\n' >"$TMP/bad.csv"
run 65 timeline "$TMP/bad.csv" -o "$TMP/bad.svg"
check "error names the row" grep -q "bad.csv:2" "$TMP/err"
check "error shows no raw escape character" sh -c "! grep -q '$esc' '$TMP/err'"
finish
