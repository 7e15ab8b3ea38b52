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
finish
