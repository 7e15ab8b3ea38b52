# End-to-end tests of `chronomap map`: formats, exit codes, unknown countries, bad
# projections, boxes, dates and basemaps, nothing written on error, frames, labels.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv
P=$D/nato/partners.csv

# --- formats, readable by independent tools ---
run 0 map "$M" --projection europe --bins rounds --title "How NATO grew" -o "$TMP/e.svg" --size 1600x900
check "svg is SVG" grep -q "<svg" "$TMP/e.svg"
rsvg-convert "$TMP/e.svg" -o "$TMP/e-rsvg.png" 2>/dev/null
check "rsvg reads the svg" test -s "$TMP/e-rsvg.png"
check "svg under 1 MB" test "$(stat -c %s "$TMP/e.svg")" -lt 1000000
run 0 map "$P" --labels=JP,KR --title "NATO and partners" -o "$TMP/w.pdf" --size 1600x900
pdftotext "$TMP/w.pdf" "$TMP/w.txt"
check "pdf has the title" grep -q "NATO and partners" "$TMP/w.txt"
check "pdf has Japan's label" grep -q "Japan" "$TMP/w.txt"
check "pdf credits Natural Earth" grep -q "Natural Earth" "$TMP/w.txt"
check "pdf has the partner legend" grep -q "Partner across the globe" "$TMP/w.txt"
run 0 map "$P" --projection asia-pacific --labels=JP,KR --lang ko -o "$TMP/ko.pdf" --size 1600x900
pdftotext "$TMP/ko.pdf" "$TMP/ko.txt"
check "korean labels" grep -q "대한민국" "$TMP/ko.txt"
run 0 map "$M" -o "$TMP/w.png" --size 800x450
check "png size" sh -c "file '$TMP/w.png' | grep -q '800 x 450'"

# --- reproducible bytes ---
for ext in svg png pdf; do
  "$CHRONOMAP" map "$M" --as-of 1990 -o "$TMP/r1.$ext" 2>/dev/null
  "$CHRONOMAP" map "$M" --as-of 1990 -o "$TMP/r2.$ext" 2>/dev/null
  check "byte-identical $ext" cmp -s "$TMP/r1.$ext" "$TMP/r2.$ext"
done

# --- report: labels placed, no overlaps ---
run 0 map "$M" --projection europe --labels -o "$TMP/l.svg" --report "$TMP/l.json" --size 1600x900
check "report lists a country label" grep -q '"label:country:FRA"' "$TMP/l.json"
check "report has no overlaps" sh -c "tr -d ' \n' <'$TMP/l.json' | grep -q '\"overlaps\":0'"
# country borders are bevel-joined (no mitre spikes at sharp turns) in SVG as in Cairo
check "SVG country borders use bevel joins" \
  test "$(grep -c 'stroke-linejoin:bevel' "$TMP/l.svg")" -gt 40

# --- --as-of respects spans ---
printf 'country,start,end\nFrance,1949-08-24,\nGreece,1952-02-18,1974-08-13\n' >"$TMP/spans.csv"
run 0 map "$TMP/spans.csv" --as-of 1980 --format dump -o "$TMP/a.dump"
fra=$(grep "country:FRA " "$TMP/a.dump" | grep -o 'fill=[^ ]*')
grc=$(grep "country:GRC " "$TMP/a.dump" | grep -o 'fill=[^ ]*')
esp=$(grep "country:ESP " "$TMP/a.dump" | grep -o 'fill=[^ ]*')
check "a member in force is coloured" test "$fra" != "$esp"
check "a member that left is not" test "$grc" = "$esp"

# --- no --as-of: the state today (SOURCE_DATE_EPOCH), said on the figure ---
EU=$CM_SRCDIR/tests/map/eu-like.csv
run 0 map "$EU" --format dump -o "$TMP/eu.dump" --alt-text "$TMP/eu.txt"
fill_of() { grep "country:$2 " "$1" | grep -o 'fill=[^ ]*'; }
check "today: a member that left (UK 2020) is not coloured" \
  test "$(fill_of "$TMP/eu.dump" GBR)" = "$(fill_of "$TMP/eu.dump" ESP)"
check "today: a current member is" test "$(fill_of "$TMP/eu.dump" FRA)" != "$(fill_of "$TMP/eu.dump" ESP)"
check "today: the figure says as of which day" grep -q '^text legend:date .*"as of 28 Nov 2025"' "$TMP/eu.dump"
check "today: alt text agrees with the colours" grep -q "9 members since 1 February 2020; 1 no longer is" "$TMP/eu.txt"
run 0 map "$EU" --as-of 2019-06-01 --format dump -o "$TMP/eu19.dump"
check "as of 2019 the UK is coloured" \
  test "$(fill_of "$TMP/eu19.dump" GBR)" != "$(fill_of "$TMP/eu19.dump" ESP)"
check "as of 2019 said" grep -q '^text legend:date .*"as of 1 Jun 2019"' "$TMP/eu19.dump"
run 0 map "$EU" --lang de --format dump -o "$TMP/eu-de.dump"
check "as of in German" grep -q '^text legend:date .*"Stand: ' "$TMP/eu-de.dump"

# --- no empty maps: a custom projection frames the data; a view without it is an error ---
# the coloured countries and markers span most of the map (share of its width or height)
for p in "EPSG:3035" "+proj=ortho +lat_0=10 +lon_0=110" "+proj=merc"; do
  run 0 map "$M" --projection "$p" --format dump -o "$TMP/proj.dump"
  land=$(grep "^path country:RUS " "$TMP/proj.dump" | grep -o 'fill=[^ ]*' | cut -d= -f2)
  share=$(awk -v land="$land" '
    $1 == "path" && $2 == "ocean" { ow=$5; oh=$6; sub(/\]/, "", oh) }
    $1 == "path" && $2 ~ /^(country|marker):/ && index($0, "fill=" land) == 0 {
      x0=substr($3, 2)+0; y0=$4+0; x1=x0+$5; h=$6; sub(/\]/, "", h); y1=y0+h
      if (!n++) { a=x0; b=y0; c=x1; d=y1 }
      if (x0 < a) a=x0; if (y0 < b) b=y0; if (x1 > c) c=x1; if (y1 > d) d=y1 }
    END { if (!n || ow <= 0 || oh <= 0) print 0; else { sx=(c-a)/ow; sy=(d-b)/oh; printf "%d\n", 100 * (sx > sy ? sx : sy) } }' "$TMP/proj.dump")
  check "--projection $p: the data fills the map (${share}% of it)" test "$share" -ge 60
done
printf 'country,joined\nIndonesia,1967-08-08\nViet Nam,1995-07-28\n' >"$TMP/asean.csv"
run 64 map "$TMP/asean.csv" --projection europe -o "$TMP/asean.svg"
check "data outside the preset: an error naming --bbox" grep -q "no country of the data is visible.*--bbox" "$TMP/err"
check "... and nothing written" test ! -e "$TMP/asean.svg"
printf 'country,joined\nJapan,1956-12-18\n' >"$TMP/jp.csv"
run 64 map "$TMP/jp.csv" --projection "+proj=ortho +lat_0=10 +lon_0=-70" -o "$TMP/jp.svg"
check "data on the far side of an orthographic globe: an error naming --bbox" \
  grep -q "no country of the data is visible.*--bbox" "$TMP/err"
run 64 map "$M" --projection "+proj=merc" --bbox 170,-10,175,-5 -o "$TMP/pac.svg"
check "a box with none of the data: an error" grep -q "no country of the data is visible" "$TMP/err"

# --- basemap vertex cap: configurable, named in the error, nothing written ---
printf '{"type":"FeatureCollection","features":[{"type":"Feature","id":"FR","geometry":{"type":"Polygon","coordinates":[[[0,40],[5,40],[5,45],[0,45],[0,40]]]}}]}' >"$TMP/tiny.geojson"
run 65 map "$M" --basemap "$TMP/tiny.geojson" --unmatched warn --max-vertices 4 -o "$TMP/mv.svg"
check "cap named with the file" grep -q 'tiny.geojson.*more than 4 vertices' "$TMP/err"
check "cap: no output" test ! -e "$TMP/mv.svg"
run 0 map "$M" --basemap "$TMP/tiny.geojson" --unmatched warn --max-vertices 5 -o "$TMP/mv.svg"
check "at the cap it draws" test -s "$TMP/mv.svg"
run 64 map "$M" --max-vertices -1 -o "$TMP/mv2.svg" || true

# --- the past on today's borders says so ---
run 0 map "$M" --as-of 1990 --projection europe --format dump -o -
check "as of 1990: Germany's borders explained in the credit line" \
  grep -q "^text source.*Germany drawn in today's borders (West and East Germany until 3 Oct 1990)" "$TMP/out"
check "... and warned about" grep -q "warning: Germany drawn in today's borders" "$TMP/err"
run 0 map "$M" --as-of 1990-10-03 --projection europe --format dump -o -
check "from reunification day on: no caveat" sh -c "! grep -q \"today's borders\" '$TMP/out' '$TMP/err'"
printf 'country,joined\nCzech Republic,1999-03-12\nSlovakia,2004-03-29\n' >"$TMP/cs.csv"
run 0 map "$TMP/cs.csv" --as-of 1992 --format dump -o -
check "no caveat for countries not coloured at that date" sh -c "! grep -q \"today's borders\" '$TMP/out'"

# --- frames ---
run 74 map "$M" --projection europe --frames -o "$TMP/f/nato.png" --size 800x450
check "no frames in a missing dir" test ! -e "$TMP/f"
mkdir -p "$TMP/f"
run 0 map "$M" --projection europe --frames -o "$TMP/f/nato.png" --size 800x450
check "one frame per date" test "$(ls "$TMP/f" | wc -l)" -eq 11
check "frame named by date" test -s "$TMP/f/nato-1949-08-24.png"
check "last frame" test -s "$TMP/f/nato-2024-03-07.png"
# several formats, a report and alt text per frame, all named by date
mkdir -p "$TMP/f2"
run 0 map "$M" --projection europe --frames -o "$TMP/f2/n.svg" -o "$TMP/f2/n.png" \
  --report "$TMP/f2/r.json" --alt-text "$TMP/f2/a.txt" --size 800x450
check "44 files: svg, png, report, alt per frame" test "$(ls "$TMP/f2" | wc -l)" -eq 44
check "first frame's report describes 1949" grep -q '1949' "$TMP/f2/r-1949-08-24.json"
check "1949 alt text counts 12 members" grep -q '12' "$TMP/f2/a-1949-08-24.txt"
check "1999 and 2024 reports differ" sh -c "! cmp -s '$TMP/f2/r-1999-03-12.json' '$TMP/f2/r-2024-03-07.json'"
check "svg and png of one frame" test -s "$TMP/f2/n-1999-03-12.svg" -a -s "$TMP/f2/n-1999-03-12.png"
run 64 map "$M" --frames -o "$TMP/f3.svg" --report - || true
check "--frames refuses a report on stdout" test ! -e "$TMP/f3-1949-08-24.svg"

# --- unknown countries: 65, each listed with a suggestion, nothing written ---
printf 'country,date\nFrance,1949\nGermnay,1955\nAtlantis,1999\n' >"$TMP/bad.csv"
echo precious >"$TMP/keep.svg"
run 65 map "$TMP/bad.csv" -o "$TMP/keep.svg"
check "names file:line" grep -q 'bad.csv:3: error: unknown country "Germnay"' "$TMP/err"
check "suggests" grep -q "did you mean Germany" "$TMP/err"
check "every unknown row" grep -q 'bad.csv:4: error: unknown country "Atlantis"' "$TMP/err"
check "existing output untouched" test "$(cat "$TMP/keep.svg")" = precious
run 0 map "$TMP/bad.csv" --unmatched warn -o "$TMP/warn.svg"
check "warn mode warns" grep -q 'bad.csv:3: warning: unknown country' "$TMP/err"
check "warn mode draws" test -s "$TMP/warn.svg"

# --- usage errors: 64, nothing written ---
run 64 map "$M" --projection "+proj=nonsense" -o "$TMP/u1.svg"
check "bad PROJ string named" grep -q "nonsense" "$TMP/err"
check "no output on bad projection" test ! -e "$TMP/u1.svg"
run 64 map "$M" --bbox 10,60,30,35 -o "$TMP/u2.svg"
check "bbox south > north explained" grep -q -- "--bbox" "$TMP/err"
check "no output on bad bbox" test ! -e "$TMP/u2.svg"
run 64 map "$M" --bbox 10,20,30 -o "$TMP/u3.svg" || true
run 64 map "$M" --as-of 1999-13 -o "$TMP/u4.svg"
check "--as-of named" grep -q -- "--as-of" "$TMP/err"
check "no output on bad date" test ! -e "$TMP/u4.svg"
run 64 map "$M" --color-by colour -o "$TMP/u5.svg" || true
run 64 map "$M" --bins 2000,1990 -o "$TMP/u6.svg" || true
run 64 map "$M" --unmatched maybe -o "$TMP/u7.svg" || true
run 64 map "$M" --frames -o - --format svg || true
run 64 map "$M" --lang xx-nope -o "$TMP/u8.svg" || true
run 64 map -o "$TMP/u9.svg" || true
check "no usage-error output" sh -c "! ls '$TMP'/u*.svg 2>/dev/null | grep -q ."
run 0 map --help && check "help lists --projection" grep -q -- "--projection" "$TMP/out"

# --- broken basemaps: 65 (bad content) or 74 (unreadable), nothing written ---
printf '{"type": "Topology", "objects": {' >"$TMP/broken.json"
run 65 map "$M" --basemap "$TMP/broken.json" -o "$TMP/b1.svg"
check "broken basemap named" grep -q "broken.json" "$TMP/err"
check "no output on broken basemap" test ! -e "$TMP/b1.svg"
run 65 map "$M" --basemap "$CM_SRCDIR/tests/geo/no-ids.geojson" -o "$TMP/b2.svg" || true
run 74 map "$M" --basemap "$TMP/missing.json" -o "$TMP/b3.svg" || true
run 74 map "$TMP/missing.csv" -o "$TMP/b4.svg" || true
run 74 map "$M" -o "$TMP/no/such/dir/m.svg" || true
check "no output after basemap errors" sh -c "! ls '$TMP'/b*.svg 2>/dev/null | grep -q ."
# a user basemap with its own id property
run 0 map "$M" --basemap "$CM_SRCDIR/tests/geo/shapes.geojson" --unmatched warn -o "$TMP/own.svg" || true
finish
