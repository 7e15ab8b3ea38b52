# End-to-end tests of what a chronomap process loads: the program does not link PROJ
# (libproj and its ~37 libraries cost ~25 ms at every start), timelines never load it,
# and maps load it at run time (render/geo/cm_proj_api.c) and still render. Nor does it
# link json-glib (render/util/cm_jsonglib_api.c): only JSON that chronomap's own readers
# refuse loads it, to word the error.
. "$(dirname "$0")/lib.sh"
M=$CM_SRCDIR/data/nato/members.csv

# --- not linked: neither directly nor through another library ---
readelf -d "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" >"$TMP/dynamic" 2>&1
check "readelf reads the program" grep -q '(NEEDED)' "$TMP/dynamic"
check "libproj is not NEEDED" sh -c "! grep -q 'NEEDED.*libproj' '$TMP/dynamic'"
ldd "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" >"$TMP/ldd" 2>&1
check "ldd lists libraries" grep -q 'libglib-2.0' "$TMP/ldd"
check "no library pulls in libproj" sh -c "! grep -q libproj '$TMP/ldd'"
check "libjson-glib is not NEEDED" sh -c "! grep -q 'NEEDED.*json-glib' '$TMP/dynamic'"

# loaded LOG — the libraries the dynamic loader mapped, as LD_DEBUG=files reports them
loaded() { grep -E 'file=[^ ]+ +\[[0-9]+\]; +(needed|dynamically loaded) by' "$1" | sed -E 's/.*file=([^ ]+).*/\1/'; }

# --- timelines and --version run without PROJ; Pango only when text is not cached ---
# The shaped-text cache (render/backend/cm_text_store.c): a first render shapes its text
# with Pango, loaded then with dlopen (render/backend/cm_pango_api.c); a repeat render
# draws from the cache and never maps Pango, HarfBuzz or GIO.
check "Pango is not NEEDED" sh -c "! grep -q 'NEEDED.*pango' '$TMP/dynamic'"
export CHRONOMAP_CACHE_DIR=$TMP/tcache
for ext in svg png pdf; do
  rm -rf "$CHRONOMAP_CACHE_DIR"
  for run in cold warm; do
    LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" timeline "$M" --layout lanes --size 1600x900 \
      -o "$TMP/t-$run.$ext" 2>"$TMP/t-$ext-$run.log"
    check "timeline $ext $run renders" test -s "$TMP/t-$run.$ext"
    loaded "$TMP/t-$ext-$run.log" >"$TMP/t-$ext-$run.libs"
    check "timeline $ext $run: PROJ is not loaded" sh -c "! grep -q libproj '$TMP/t-$ext-$run.libs'"
    check "timeline $ext $run: json-glib is not loaded" sh -c "! grep -q json-glib '$TMP/t-$ext-$run.libs'"
  done
  check "timeline $ext cold: Pango dynamically loaded once" \
    test "$(grep -cE 'file=libpangocairo[^ ]* +\[[0-9]+\]; +dynamically loaded by' "$TMP/t-$ext-cold.log")" -eq 1
  check "timeline $ext warm: neither Pango, HarfBuzz nor GIO is loaded" \
    sh -c "! grep -qE 'pango|harfbuzz|libgio' '$TMP/t-$ext-warm.libs'"
  check "timeline $ext: warm and cold write the same bytes" cmp -s "$TMP/t-cold.$ext" "$TMP/t-warm.$ext"
done
# a report is written without json-glib too
LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" timeline "$M" -o "$TMP/r.svg" --report "$TMP/r.json" 2>"$TMP/r.log"
check "report written" grep -q '"overlaps" : 0' "$TMP/r.json"
check "report: json-glib is not loaded" sh -c "! grep -qE 'file=[^ ]*json-glib' '$TMP/r.log'"
LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" --version >/dev/null 2>"$TMP/v.log"
loaded "$TMP/v.log" >"$TMP/v.libs"
check "--version: the loader log lists glib" grep -q libglib "$TMP/v.libs"
check "--version: PROJ is not loaded" sh -c "! grep -q libproj '$TMP/v.libs'"

# --- maps load PROJ once, at run time, and render ---
# (with the disk cache off: a cached projected basemap needs no PROJ, checked below)
export CHRONOMAP_CACHE_DIR=off
for proj in world europe "EPSG:3857"; do
  LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" map "$M" --projection "$proj" --size 1200x700 -o "$TMP/m.svg" \
    2>"$TMP/m.log"
  check "map $proj renders" grep -q '<path' "$TMP/m.svg"
  check "map $proj: json-glib is not loaded (basemap and iso-codes read by our readers)" \
    sh -c "! grep -qE 'file=[^ ]*json-glib' '$TMP/m.log'"
  check "map $proj: libproj dynamically loaded once" \
    test "$(grep -cE 'file=libproj[^ ]* +\[[0-9]+\]; +dynamically loaded by' "$TMP/m.log")" -eq 1
  rm -f "$TMP/m.svg"
done
# Presets need no proj.db (render/geo/cm_proj.c); a PROJ string or EPSG code does.
if command -v strace >/dev/null; then
  strace -f -e trace=openat -o "$TMP/st-europe" "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" map "$M" --projection europe \
    -o "$TMP/p.svg" 2>/dev/null
  check "strace saw the data opened" grep -q 'members\.csv' "$TMP/st-europe"
  check "preset europe: proj.db is not opened" sh -c "! grep -qE 'proj\.db.* = [0-9]' '$TMP/st-europe'"
  strace -f -e trace=openat -o "$TMP/st-3035" "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" map "$M" --projection EPSG:3035 \
    -o "$TMP/p.svg" 2>/dev/null
  check "EPSG:3035: proj.db is opened" grep -qE 'proj\.db.* = [0-9]' "$TMP/st-3035"
else
  echo "note: strace missing, proj.db use not checked"
fi
# A basemap only json-glib accepts (a comment) loads json-glib, once, and renders.
sed '1s|^|/* lenient */ |' "$CM_SRCDIR/data/world/countries-110m.json" >"$TMP/lenient.json"
LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" map "$M" --basemap "$TMP/lenient.json" --size 800x450 \
  -o "$TMP/len.svg" 2>"$TMP/len.log"
check "lenient basemap renders" grep -q '<path' "$TMP/len.svg"
check "lenient basemap: json-glib dynamically loaded once" \
  test "$(grep -cE 'file=libjson-glib[^ ]* +\[[0-9]+\]; +dynamically loaded by' "$TMP/len.log")" -eq 1
# A repeat render takes the projected basemap from the cache: PROJ is not loaded at all.
export CHRONOMAP_CACHE_DIR=$TMP/cache
run 0 map "$M" --projection asia-pacific --size 800x450 -o "$TMP/c1.svg"
LD_DEBUG=files "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" map "$M" --projection asia-pacific --size 800x450 \
  -o "$TMP/c2.svg" 2>"$TMP/c2.log"
check "warm map renders the same bytes" cmp -s "$TMP/c1.svg" "$TMP/c2.svg"
check "warm map: PROJ is not loaded" sh -c "! grep -qE 'file=[^ ]*libproj' '$TMP/c2.log'"
# and as users run it, to PNG
run 0 map "$M" --projection europe --size 800x450 -o "$TMP/e.png"
check "europe png renders" sh -c "file '$TMP/e.png' | grep -q '800 x 450'"

finish
