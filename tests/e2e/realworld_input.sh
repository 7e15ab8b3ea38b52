# The real-world files of issue 15 (tests/realworld), through the chronomap binary: each
# renders with the right dates, or fails with one error per problem naming the option
# that fixes it.
. "$(dirname "$0")/lib.sh"
REAL=$CM_SRCDIR/tests/realworld

# A Schengen list in words, headers "Member State" and "Date of accession".
if run 0 timeline "$REAL/schengen-words.csv" --layout axis -o "$TMP/schengen.svg" \
  --alt-text "$TMP/schengen.txt"; then
  check "schengen: the SVG is written" test -s "$TMP/schengen.svg"
  check "schengen: nothing said on stderr" test ! -s "$TMP/err"
  check "schengen: the dates at day precision" grep -q "1995 to 2023. 11 events; the latest on 1 January 2023: Croatia" "$TMP/schengen.txt"
fi

# A German Excel export: Windows-1252, sep=;, Land;Beitritt, DD.MM.YYYY, a trailing ; row.
if run 0 timeline "$REAL/de-excel-export.csv" --layout axis -o "$TMP/de.svg" --report "$TMP/de.json"; then
  check "de: the encoding is said" grep -q "de-excel-export.csv: warning: the file is not UTF-8: read as Windows-1252" "$TMP/err"
  check "de: umlauts arrive as UTF-8" grep -q "Österreich" "$TMP/de.json"
fi

# WIPO's PCT list as published: two-digit years and "has not yet signed".
if run 65 timeline "$REAL/pct-published.csv" -o "$TMP/pct.svg"; then
  check "pct: the two-digit year names --century-pivot" \
    grep -q 'pct-published.csv:2:3: error: "24-Jan-78" is not a date: the year "78" has two digits: write it in full, or give --century-pivot YEAR' "$TMP/err"
  check "pct: the phrase names --undated skip" \
    grep -q 'pct-published.csv:7:3: error: "has not yet signed" is not a date (it has no digits); rows without a date are left out with --undated skip' "$TMP/err"
  check "pct: the trailing ,, row is no error" test "$(grep -c '^[^ ]*pct-published.csv:[0-9]*:[0-9]*: error: ' "$TMP/err")" -eq 6
  check "pct: nothing written" test ! -e "$TMP/pct.svg"
fi

# The options the errors above name (issue 15): each exists and fixes its error.
if run 0 timeline "$REAL/pct-published.csv" --century-pivot 1930 --undated skip --layout axis \
  -o "$TMP/pct.svg" --alt-text "$TMP/pct.txt"; then
  check "pct: the SVG is written with --century-pivot 1930 --undated skip" test -s "$TMP/pct.svg"
  check "pct: 78 is 1978" grep -q "Timeline of events, 1978\. 5 events; the latest on 1 October 1978: Japan" "$TMP/pct.txt"
  check "pct: the skipped row is counted in one warning" \
    grep -q 'pct-published.csv: warning: 1 row without a date left out (--undated skip), on line 7 (such as "has not yet signed")' "$TMP/err"
fi
if run 0 map "$REAL/pct-published.csv" --century-pivot 1930 --undated skip -o "$TMP/pct-map.svg" \
  --basemap "$CM_SRCDIR/data/world/countries-110m.json"; then
  check "pct: the map is drawn too" test -s "$TMP/pct-map.svg"
fi
run 64 timeline "$REAL/pct-published.csv" --century-pivot 30 -o "$TMP/x.svg" &&
  check "a pivot that is no year is a usage error" grep -q -- "--century-pivot 30: use a year" "$TMP/err"
run 64 timeline "$REAL/pct-published.csv" --undated sometimes -o "$TMP/x.svg" &&
  check "--undated takes skip or error" grep -q -- "--undated sometimes: use skip or error" "$TMP/err"

# An ambiguous numeric column is never guessed: an error naming --date-order, then read
# in the order given.
printf 'country,date\nFrance,03/04/2005\nGermany,05/06/2006\n' >"$TMP/ambiguous.csv"
if run 65 timeline "$TMP/ambiguous.csv" -o "$TMP/amb.svg"; then
  check "ambiguous: the error names --date-order" \
    grep -q 'ambiguous.csv:2:2: error: "03/04/2005" could be day-first or month-first.*give --date-order dmy (day first) or --date-order mdy (month first)' "$TMP/err"
  check "ambiguous: nothing written" test ! -e "$TMP/amb.svg"
fi
run 0 timeline "$TMP/ambiguous.csv" --date-order dmy --layout axis -o "$TMP/amb.svg" \
  --alt-text "$TMP/amb.txt" &&
  check "--date-order dmy: 05/06/2006 is 5 June" grep -q "the latest on 5 June 2006: Germany" "$TMP/amb.txt"
run 0 timeline "$TMP/ambiguous.csv" --date-order mdy --layout axis -o "$TMP/amb.svg" \
  --alt-text "$TMP/amb.txt" &&
  check "--date-order mdy: 05/06/2006 is 6 May" grep -q "the latest on 6 May 2006: Germany" "$TMP/amb.txt"
run 0 timeline "$TMP/ambiguous.csv" --date-format '%d/%m/%Y' --layout axis -o "$TMP/amb.svg" \
  --alt-text "$TMP/amb.txt" &&
  check "--date-format %d/%m/%Y: day first" grep -q "the latest on 5 June 2006: Germany" "$TMP/amb.txt"
run 64 timeline "$TMP/ambiguous.csv" --date-format '%x' -o "$TMP/amb.svg" &&
  check "a pattern with an unknown letter is a usage error" grep -q -- '--date-format: .*unknown %x' "$TMP/err"

# An Excel serial: refused without --excel-dates, 24 January 1978 with it.
printf 'country,date\nJapan,28514\n' >"$TMP/serial.csv"
run 65 timeline "$TMP/serial.csv" -o "$TMP/serial.svg" &&
  check "serial: the error names --excel-dates" grep -q 'is read only with --excel-dates 1900' "$TMP/err"
run 0 timeline "$TMP/serial.csv" --excel-dates 1900 --layout axis -o "$TMP/serial.svg" \
  --alt-text "$TMP/serial.txt" &&
  check "--excel-dates 1900: 28514 is 24 January 1978" grep -q "on 24 January 1978: Japan" "$TMP/serial.txt"
run 0 timeline "$TMP/serial.csv" --excel-dates 1904 --layout axis -o "$TMP/serial.svg" \
  --alt-text "$TMP/serial.txt" &&
  check "--excel-dates 1904: 28514 is 25 January 1982" grep -q "on 25 January 1982: Japan" "$TMP/serial.txt"

# --encoding: naming UTF-8 for the Windows-1252 export brings the invalid-UTF-8 error back;
# naming windows-1252 reads it without the warning; an unknown name is a usage error.
if run 65 timeline "$REAL/de-excel-export.csv" --encoding utf-8 -o "$TMP/de8.svg"; then
  check "--encoding utf-8: invalid UTF-8 named" \
    grep -q 'de-excel-export.csv:4:1: error: invalid UTF-8 after "D" (byte 2 of the field); save the file as UTF-8, or name its encoding with --encoding' "$TMP/err"
fi
if run 0 timeline "$REAL/de-excel-export.csv" --encoding windows-1252 --layout axis \
  -o "$TMP/de1252.svg" --report "$TMP/de1252.json"; then
  check "--encoding windows-1252: no warning" test ! -s "$TMP/err"
  check "--encoding windows-1252: umlauts as UTF-8" grep -q "Österreich" "$TMP/de1252.json"
fi
run 64 timeline "$REAL/de-excel-export.csv" --encoding no-such-code -o "$TMP/x.svg" &&
  check "an unknown --encoding is a usage error" grep -q -- "--encoding no-such-code: unknown encoding" "$TMP/err"

# Eras files take --date-order and --century-pivot too.
printf 'name,start,end\nEarly,01/02/78,31/12/80\n' >"$TMP/eras.csv"
run 0 timeline "$TMP/ambiguous.csv" --date-order dmy --century-pivot 1930 --eras "$TMP/eras.csv" \
  -o "$TMP/eras.svg" && check "eras with dmy two-digit years" test -s "$TMP/eras.svg"

# The same options as manifest keys.
cat >"$TMP/real.ini" <<EOF
[defaults]
output-dir = $TMP/batch-out
outputs = svg
kind = timeline
layout = axis

[figure pct]
data = $REAL/pct-published.csv
century-pivot = 1930
undated = skip

[figure ambiguous]
data = $TMP/ambiguous.csv
date-order = mdy

[figure de]
data = $REAL/de-excel-export.csv
encoding = windows-1252
EOF
if run 0 batch "$TMP/real.ini"; then
  check "batch: the three figures written" test -s "$TMP/batch-out/pct.svg" \
    -a -s "$TMP/batch-out/ambiguous.svg" -a -s "$TMP/batch-out/de.svg"
  check "batch: the undated row counted" grep -q "1 row without a date left out (--undated skip)" "$TMP/err"
fi
sed -i 's/^undated = skip$/undated = never/' "$TMP/real.ini"
run 64 batch "$TMP/real.ini" && check "batch: a bad undated value is refused" grep -q "never" "$TMP/err"
# BCE years in alt text are the reader's, never astronomical ("27 BC", not -26).
printf 'name,start,end\nAugustus,27 BC,AD 14\nTiberius,AD 14,AD 37\n' >"$TMP/emperors.csv"
run 0 timeline "$TMP/emperors.csv" --lang de -o "$TMP/emperors.svg" --alt-text "$TMP/emperors.txt" &&
  check "alt text: 27 v. Chr., not -26" grep -q "^Zeitleiste, 27 v. Chr. bis 37\. 2 Mitglieder in 2 Gruppen: 27 v. Chr.: 1 und 14: 1;" "$TMP/emperors.txt"
finish
