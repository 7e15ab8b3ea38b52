# Command-line edges from issue 19: "--" ends the options (a data file may start with
# "-"), SOURCE_DATE_EPOCH beyond 9999-12-31 is a usage error rather than an axis to the
# year 100,000,000, frames of -1999 and 1999 get two names, and batch -j beyond a few
# jobs per core is capped with a warning.
. "$(dirname "$0")/lib.sh"
M=$CM_SRCDIR/data/nato/members.csv
cd "$TMP" || exit 1
cp "$M" ./-members.csv
run 0 timeline -o "$TMP/dash.svg" -- -members.csv
check "-- ends the options: the data file may start with -" grep -q "<svg" "$TMP/dash.svg"
run 0 map -o "$TMP/dash-map.svg" -- -members.csv
check "... for maps too" grep -q "<svg" "$TMP/dash-map.svg"

SOURCE_DATE_EPOCH=3155760000000000 run 64 timeline "$M" -o "$TMP/far.svg"
check "a SOURCE_DATE_EPOCH beyond 9999 is refused by name" grep -q "SOURCE_DATE_EPOCH=3155760000000000" "$TMP/err"
check "... and nothing is written" test ! -e "$TMP/far.svg"
SOURCE_DATE_EPOCH=253402300799 run 0 timeline "$M" -o "$TMP/last.svg"

# frames of 2000 BC (ISO -1999) and of 1999: two frames, two files
printf 'country,joined\nFrance,2000 BC\nSpain,1999\n' >"$TMP/bce.csv"
run 0 map "$TMP/bce.csv" --frames -o "$TMP/fr.svg"
check "a BCE frame keeps its sign in its name" test -s "$TMP/fr--1999.svg" -a -s "$TMP/fr-1999.svg"
check "... and the two are different maps" sh -c "! cmp -s '$TMP/fr--1999.svg' '$TMP/fr-1999.svg'"

cp -r "$CM_SRCDIR/tests/batch" "$TMP/b"
cd "$TMP/b" || exit 1
cores=$(nproc)
run 0 batch -j 1000 small.ini
check "batch -j 1000: capped with a warning" grep -q "warning: -j 1000: .*using -j $((4 * cores))" "$TMP/err"
run 0 batch --force -- small.ini
check "batch: -- ends the options" grep -q "7 rendered" "$TMP/err"
finish
