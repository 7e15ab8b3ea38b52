# End-to-end tests of the shaped-text cache (render/backend/cm_text_store.c):
# a figure drawn with an empty cache, with a warm one and with caching off is the
# same bytes in every format; a warm run starts neither Pango nor fontconfig;
# a touched font folder, another fontconfig file or a corrupt cache file is a
# miss, never an error.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
export CHRONOMAP_CACHE_DIR=$TMP/cache
export CHRONOMAP_TEXT_DEBUG=1 # one stderr line: hits, misses, whether Pango was used
# our own fontconfig file: the system's plus a font folder we can touch
mkdir -p "$TMP/fonts" "$TMP/conf"
cat >"$TMP/conf/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>$TMP/fonts</dir>
</fontconfig>
EOF
export FONTCONFIG_FILE=$TMP/conf/fonts.conf

LANES=(timeline "$D/nato/members.csv" --layout lanes --sort start --title "How NATO grew"
  --source "Source: NATO" --size 1600x900)
AXIS=(timeline "$D/treaties/japan-korea-nato.csv" --layout axis --title "日本と韓国とNATO"
  --size 1600x900)
MAP=(map "$D/nato/members.csv" --title "NATO members" --size 1600x900)

# figure TAG ARGS...: renders ARGS as TAG.{svg,png,pdf,json}
figure() {
  local tag=$1
  shift
  run 0 "$@" -o "$TMP/$tag.svg" -o "$TMP/$tag.png" -o "$TMP/$tag.pdf" --report "$TMP/$tag.json"
  cp "$TMP/err" "$TMP/$tag.err"
}
same() { # A B: the four files of figures A and B are identical
  for ext in svg png pdf json; do
    check "$1.$ext = $2.$ext" cmp -s "$TMP/$1.$ext" "$TMP/$2.$ext"
  done
}
pango_used() { grep -q "pango used" "$TMP/$1.err"; }
pango_not_used() { grep -q "pango not used" "$TMP/$1.err" && grep -q " 0 misses" "$TMP/$1.err"; }

for name in lanes axis map; do
  case $name in
  lanes) args=("${LANES[@]}") ;;
  axis) args=("${AXIS[@]}") ;;
  map) args=("${MAP[@]}") ;;
  esac
  figure "$name-cold" "${args[@]}"
  check "$name: a cold run shapes with Pango" pango_used "$name-cold"
  figure "$name-warm" "${args[@]}"
  check "$name: a warm run does not start Pango" pango_not_used "$name-warm"
  CHRONOMAP_CACHE_DIR=off figure "$name-off" "${args[@]}"
  check "$name: caching off shapes with Pango" pango_used "$name-off"
  same "$name-cold" "$name-warm"
  same "$name-warm" "$name-off"
done
check "one cache file for one font environment" test "$(ls "$CHRONOMAP_CACHE_DIR/chronomap" | grep -c '^text-')" -eq 1

# text stays text in the PDF drawn from the cache
pdftotext "$TMP/lanes-warm.pdf" "$TMP/lanes-warm.txt"
check "warm pdf text has the title" grep -q "How NATO grew" "$TMP/lanes-warm.txt"
check "warm pdf text has a member" grep -q "North Macedonia" "$TMP/lanes-warm.txt"
pdftotext "$TMP/axis-warm.pdf" "$TMP/axis-warm.txt"
check "warm pdf text has the Japanese title" grep -q "日本と韓国" "$TMP/axis-warm.txt"

# honestly no fontconfig: a warm run opens no configuration file, a cold one does
if command -v strace >/dev/null; then
  ASAN_OPTIONS=detect_leaks=0 strace -f -e trace=openat -o "$TMP/st-warm" \
    "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" "${LANES[@]}" -o "$TMP/st.svg" 2>/dev/null
  check "strace saw the data opened" grep -q 'members\.csv' "$TMP/st-warm"
  check "warm: no fonts.conf opened" sh -c "! grep -q 'fonts\.conf' '$TMP/st-warm'"
  check "warm: no fontconfig cache opened" sh -c "! grep -qE 'cache-[0-9]+' '$TMP/st-warm'"
  ASAN_OPTIONS=detect_leaks=0 CHRONOMAP_CACHE_DIR=off strace -f -e trace=openat \
    -o "$TMP/st-off" "${CM_REAL_CHRONOMAP:-$CHRONOMAP}" "${LANES[@]}" -o "$TMP/st.svg" 2>/dev/null
  check "caching off: fonts.conf opened" grep -q 'fonts\.conf' "$TMP/st-off"
else
  echo "note: strace missing, only the debug counter checked"
fi

# a font installed (its folder touched) makes the whole file stale
touch -d '2001-02-03 04:05:06' "$TMP/fonts"
figure lanes-touched "${LANES[@]}"
check "touched font folder: Pango used again" pango_used lanes-touched
same lanes-touched lanes-off
figure lanes-rewarm "${LANES[@]}"
check "after the miss the file is warm again" pango_not_used lanes-rewarm

# another fontconfig file (same content, another name) is another environment
cp "$TMP/conf/fonts.conf" "$TMP/conf/other.conf"
FONTCONFIG_FILE=$TMP/conf/other.conf figure lanes-otherconf "${LANES[@]}"
check "another FONTCONFIG_FILE: Pango used" pango_used lanes-otherconf
same lanes-otherconf lanes-off
# the configuration file itself edited
FONTCONFIG_FILE=$TMP/conf/other.conf figure lanes-otherconf2 "${LANES[@]}"
check "second run with it: warm" pango_not_used lanes-otherconf2
touch -d '2002-03-04 05:06:07' "$TMP/conf/other.conf"
FONTCONFIG_FILE=$TMP/conf/other.conf figure lanes-otherconf3 "${LANES[@]}"
check "edited fontconfig file: Pango used" pango_used lanes-otherconf3

# a corrupt or truncated cache file is ignored, then replaced
for f in "$CHRONOMAP_CACHE_DIR"/chronomap/text-*; do
  head -c 1000 "$f" >"$f.tmp" && mv "$f.tmp" "$f"
done
figure lanes-corrupt "${LANES[@]}"
check "truncated cache file: no error, Pango used" pango_used lanes-corrupt
same lanes-corrupt lanes-off
figure lanes-fixed "${LANES[@]}"
check "the truncated file was rewritten" pango_not_used lanes-fixed
for f in "$CHRONOMAP_CACHE_DIR"/chronomap/text-*; do
  printf 'garbage' | dd of="$f" bs=1 seek=2000 conv=notrunc 2>/dev/null
done
figure lanes-garbage "${LANES[@]}"
check "corrupt cache file: no error, Pango used" pango_used lanes-garbage
same lanes-garbage lanes-off

# the glyph check still reports text no font has, from the cache too
printf 'name,start\nPrivate \xee\x80\x80 use,1999-03-12\n' >"$TMP/pua.csv"
run 0 timeline "$TMP/pua.csv" -o "$TMP/pua1.svg"
check "cold: missing glyph reported" grep -q "no installed font has" "$TMP/err"
run 0 timeline "$TMP/pua.csv" -o "$TMP/pua2.svg"
check "warm: missing glyph reported" grep -q "no installed font has" "$TMP/err"
check "warm: and Pango not used" grep -q "pango not used" "$TMP/err"
check "hex box drawn the same" cmp -s "$TMP/pua1.svg" "$TMP/pua2.svg"

finish
