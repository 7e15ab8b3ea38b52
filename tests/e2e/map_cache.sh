# The map's disk cache (cm_geo_cache.h): a cold run (empty cache), a warm run (cache
# hit) and a run with caching off write the same bytes in every format and the same
# report, for a whole-world, an antimeridian-crossing and a framed projection; a hit
# does not load PROJ; damaged cache files are ignored and rewritten; an edited basemap
# misses; errors are the same with a cache.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv
P=$D/nato/partners.csv
export CHRONOMAP_CACHE_DIR=$TMP/cache
export CHRONOMAP_CACHE_LOG=1

# map TAG ARGS... — one run writing svg, png, pdf and the report as $TMP/TAG.*
map() {
  local tag=$1
  shift
  run 0 map "$@" -o "$TMP/$tag.svg" -o "$TMP/$tag.png" -o "$TMP/$tag.pdf" \
    --report "$TMP/$tag.json" --size 1600x900
}
same() { # A B — every output of runs A and B is byte-identical
  for ext in svg png pdf json; do
    check "$1 and $2: identical $ext" cmp -s "$TMP/$1.$ext" "$TMP/$2.$ext"
  done
}
said() { check "$1" grep -q "basemap cache $2; PROJ $3" "$TMP/err"; }

for case in "world|$M" "asia|$P --projection asia-pacific --labels=JP,KR,AU,NZ" \
  "europe|$M --projection europe --bins rounds --labels"; do
  tag=${case%%|*}
  # shellcheck disable=SC2086 # the arguments are words
  set -- ${case#*|}
  rm -rf "$CHRONOMAP_CACHE_DIR"
  map "$tag-cold" "$@"
  said "$tag: first run misses and loads PROJ" miss loaded
  check "$tag: the cold run fills the cache" test "$(ls "$CHRONOMAP_CACHE_DIR/chronomap" | wc -l)" -ge 2
  map "$tag-warm" "$@"
  said "$tag: second run hits without PROJ" hit "not loaded"
  CHRONOMAP_CACHE_DIR=off map "$tag-off" "$@"
  said "$tag: caching off" off loaded
  same "$tag-cold" "$tag-warm"
  same "$tag-cold" "$tag-off"
  check "$tag: the report is a real report" grep -q '"texts"' "$TMP/$tag-warm.json"

  # Damaged files: cut short, one bit flipped, emptied. Each is ignored (a miss, the
  # same output) and rewritten, so the next run hits again.
  base=$(ls "$CHRONOMAP_CACHE_DIR/chronomap"/geo-base-*.bin)
  for damage in truncate flip empty; do
    case $damage in
    truncate) truncate -s 5000 "$base" ;;
    flip) printf '\x5a' | dd of="$base" bs=1 seek=3000 conv=notrunc 2>/dev/null ;;
    empty) : >"$base" ;;
    esac
    for f in "$CHRONOMAP_CACHE_DIR"/chronomap/geo-map-*.bin; do truncate -s 100 "$f"; done
    map "$tag-$damage" "$@"
    said "$tag: a $damage cache file is a miss" miss loaded
    same "$tag-cold" "$tag-$damage"
    map "$tag-$damage-again" "$@"
    said "$tag: the $damage file was rewritten" hit "not loaded"
    same "$tag-cold" "$tag-$damage-again"
  done
done

# --frames: every frame's files are the same cold and warm.
rm -rf "$CHRONOMAP_CACHE_DIR"
mkdir -p "$TMP/fc" "$TMP/fw"
run 0 map "$M" --projection europe --frames -o "$TMP/fc/n.svg" --size 800x450
run 0 map "$M" --projection europe --frames -o "$TMP/fw/n.svg" --size 800x450
said "frames: warm run hits" hit "not loaded"
check "frames: same files cold and warm" diff -r "$TMP/fc" "$TMP/fw"

# An edited basemap (one byte) never hits what its original left behind.
cp "$D/world/countries-110m.json" "$TMP/b.json"
rm -rf "$CHRONOMAP_CACHE_DIR"
map b1 "$M" --basemap "$TMP/b.json"
map b2 "$M" --basemap "$TMP/b.json"
said "a copied basemap hits" hit "not loaded"
same b1 b2
printf ' ' >>"$TMP/b.json" # one more byte, the same JSON
map b3 "$M" --basemap "$TMP/b.json"
said "one changed byte in the basemap misses" miss loaded
same b1 b3
# other inputs of the key: the box, the projection
map b4 "$M" --basemap "$TMP/b.json" --bbox -30,30,50,72
said "another box misses" miss loaded
map b5 "$M" --basemap "$TMP/b.json" --bbox -30,30,50,72
said "the same box hits" hit "not loaded"

# Errors are the same with a warm cache: a bad projection, a bad box, a broken basemap.
map warm "$M"
run 64 map "$M" --projection "+proj=nonsense" -o "$TMP/u1.svg"
cp "$TMP/err" "$TMP/err-warm"
CHRONOMAP_CACHE_DIR=off run 64 map "$M" --projection "+proj=nonsense" -o "$TMP/u1.svg"
check "bad projection: same message with and without a cache" cmp -s "$TMP/err" "$TMP/err-warm"
check "bad projection: no output" test ! -e "$TMP/u1.svg"
run 64 map "$M" --bbox 10,60,30,35 -o "$TMP/u2.svg"
check "bad box explained" grep -q -- "--bbox" "$TMP/err"
printf '{"type": "Topology", "objects": {' >"$TMP/broken.json"
run 65 map "$M" --basemap "$TMP/broken.json" -o "$TMP/u3.svg"
check "broken basemap: still an error" grep -q "broken.json" "$TMP/err"
check "broken basemap: nothing cached for it" test ! -e "$TMP/u3.svg"
finish
