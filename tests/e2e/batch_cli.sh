# chronomap batch: a manifest rendered in parallel and incrementally, failure
# isolation with no partial files, bad manifests refused before anything is
# written, shards that together render every figure exactly once, and the
# manifest keys kept in step with the commands' options.
. "$(dirname "$0")/lib.sh"
B=$TMP/b
cp -r "$CM_SRCDIR/tests/batch" "$B"
cd "$B" || exit 1
names="axis lanes lanes-by-name lanes-dark map step windowed"

# ---- a full run ----
run 0 batch small.ini -j 2
check "summary counts 7 rendered" grep -q "7 rendered, 0 up to date, 0 failed" "$TMP/err"
for n in axis lanes lanes-by-name step windowed; do
  check "$n.svg and $n.png written" test -s "out/$n.svg" -a -s "out/$n.png"
done
check "lanes-dark has its pdf" test -s out/lanes-dark.pdf
check "the map is svg only" test -s out/map.svg -a ! -e out/map.png
check "report written" grep -q '"texts"' out/windowed.json
check "alt text kept in the state folder" grep -q "Lanes" out/.chronomap-batch/lanes.txt
check "one stamp per figure" test "$(ls out/.chronomap-batch/*.stamp | wc -l)" -eq 7
check "no temporary files left" test -z "$(find out -name '.*.batch-*')"
rsvg-convert out/lanes.svg -o "$TMP/check.png"
check "svg is valid for rsvg" test -s "$TMP/check.png"

# ---- shared inputs: one basemap read for every map that uses it ----
{
  printf '[defaults]\noutput-dir = shared-out\noutputs = svg\nsize = 480x300\nkind = map\n'
  printf 'basemap = %s\ndata = members.csv\n' "$CM_SRCDIR/data/world/countries-110m.json"
  for p in world europe north-atlantic; do printf '[figure %s]\nprojection = %s\n' "$p" "$p"; done
} >shared.ini
run 0 batch shared.ini -j 2
check "three maps, one basemap read" grep -q "1 basemap read for 3 maps" "$TMP/err"
check "each map written" test -s shared-out/world.svg -a -s shared-out/europe.svg \
  -a -s shared-out/north-atlantic.svg
"$CHRONOMAP" map members.csv --basemap "$CM_SRCDIR/data/world/countries-110m.json" \
  --projection europe --size 480x300 -o "$TMP/alone.svg" 2>/dev/null
check "a shared basemap draws the same map as a private one" \
  cmp -s shared-out/europe.svg "$TMP/alone.svg"

# ---- incremental ----
mt() { stat -c %Y.%y "$1"; }
before=$(mt out/axis.png)
run 0 batch small.ini --dry-run
check "second run: everything up to date" test "$(grep -c '^up-to-date ' "$TMP/out")" -eq 7
run 0 batch small.ini
check "second run renders nothing" grep -q "0 rendered, 7 up to date" "$TMP/err"
check "second run leaves files alone" test "$(mt out/axis.png)" = "$before"
touch -d '+2 seconds' eras.csv
run 0 batch small.ini --dry-run
check "touching the eras file re-renders only its figure" \
  test "$(grep '^render ' "$TMP/out" | tr '\n' ' ')" = "render lanes "
sed -i 's/^title = Axis$/title = Axis, renamed/' small.ini
run 0 batch small.ini --dry-run
check "editing one group re-renders only that figure (and the touched one)" \
  test "$(grep '^render ' "$TMP/out" | sort | tr '\n' ' ')" = "render axis render lanes "
rm out/step.png
run 0 batch small.ini
check "a deleted output is rendered again" test -s out/step.png
check "exactly those three rendered" grep -q "3 rendered, 4 up to date" "$TMP/err"
run 0 batch small.ini --force --quiet
check "--force renders all" test "$(mt out/axis.png)" != "$before"
check "--quiet prints nothing" test ! -s "$TMP/err"

# ---- threads give the same bytes as one thread ----
cp -r out "$TMP/out-j2"
run 0 batch small.ini --force -j 1 --quiet
for n in lanes axis step map; do
  check "-j 1 and -j 2 draw $n.svg alike" cmp -s out/$n.svg "$TMP/out-j2/$n.svg"
done

# ---- failure isolation ----
rm -rf out
run 65 batch failing.ini -j 2
check "good figures rendered despite the failure" test -s out/good-1.svg -a -s out/good-2.png
check "the failed figure left no file" test -z "$(ls out | grep broken)"
check "no temporary files left after a failure" test -z "$(find out -name '.*.batch-*')"
check "summary names the failure, its line and status" \
  grep -q "failed: broken (failing.ini:12): .*(exit 65, data error)" "$TMP/err"
check "summary shows the data error" grep -q 'bad-date.csv:3:.*"1949-13-45" is not a date' "$TMP/err"
check "no stamp for the failed figure" test ! -e out/.chronomap-batch/broken.stamp
run 0 batch failing.ini --dry-run
check "the failed figure is retried next time" grep -q "^render broken" "$TMP/out"

# ---- bad manifests: named with file and line, nothing written ----
bad() { # STATUS LINE TEXT MANIFEST-TEXT
  printf '%s' "$4" >bad.ini
  rm -rf out output
  run "$1" batch bad.ini
  check "bad.ini:$2: $3" awk -v a="bad.ini:$2: error: " -v b="$3" \
    'index($0, a) && index($0, b) {f = 1} END {exit !f}' "$TMP/err"
  check "nothing written for bad.ini:$2" test ! -e out -a ! -e output
}
fig='kind = timeline\ndata = members.csv\n'
bad 64 5 "duplicate group [figure a] (first at line 1)" "$(printf "[figure a]\n$fig\n[figure a]\n$fig")"
bad 64 4 'did you mean "subtitle"' "$(printf "[figure a]\n${fig}subtitel = x\n")"
bad 74 3 "no such file" "$(printf "[figure a]\nkind = timeline\ndata = gone.csv\n")"
bad 64 8 "which figure a (line 1) writes too" \
  "$(printf "[figure a]\n${fig}output = out/x\n[figure b]\n${fig}outputs = out/x.svg\n")"
echo "a file" >blocker
bad 74 4 "is not a folder" "$(printf "[figure a]\n${fig}outputs = blocker/a.svg\n")"
run 74 batch no-such-manifest.ini
run 64 batch small.ini --shard 4/3
run 64 batch small.ini -j -1

# ---- shards: together, every figure exactly once ----
for n in 1 2 3 5; do
  : >"$TMP/all"
  for k in $(seq "$n"); do
    rm -rf out
    run 0 batch small.ini --shard "$k/$n" --quiet
    ls out 2>/dev/null | grep -E '\.svg$' | sed 's/\.svg$//' >>"$TMP/all"
  done
  check "$n shards render every figure exactly once" \
    test "$(sort "$TMP/all" | tr '\n' ' ')" = "$(echo $names | tr ' ' '\n' | sort | tr '\n' ' ')"
done

# ---- manifest keys = the commands' long options ----
# ---- every long option is a manifest key: frames, quiet and format too ----
{
  printf '[defaults]\noutput-dir = frames-out\n'
  printf '[figure anim]\nkind = map\ndata = members.csv\nframes = true\nquiet = true\n'
  printf 'format = png\nsize = 480x300\nbasemap = %s\n' "$CM_SRCDIR/data/world/countries-110m.json"
  printf '[figure loud]\nkind = timeline\ndata = members.csv\nquiet = false\nformat = svg\n'
  printf 'size = 200x120\nlayout = axis\n'
} >keys.ini
run 0 batch keys.ini -j 2
nframes=$(ls frames-out/anim-*.png 2>/dev/null | wc -l)
"$CHRONOMAP" map members.csv --frames --size 480x300 --quiet \
  --basemap "$CM_SRCDIR/data/world/countries-110m.json" -o "$TMP/solo.png" 2>/dev/null
check "frames = true writes one png per date, as the command does" \
  test "$nframes" -ge 2 -a "$nframes" -eq "$(ls "$TMP"/solo-*.png | wc -l)"
first=$(ls frames-out/anim-*.png | head -1)
check "a manifest frame is the command's frame, byte for byte" \
  cmp -s "$first" "$TMP/solo-${first#frames-out/anim-}"
check "format = png writes png only" test -z "$(ls frames-out/anim*.svg frames-out/anim*.pdf 2>/dev/null)"
check "format = svg: one svg" test -s frames-out/loud.svg -a ! -e frames-out/loud.png
check "quiet = false: the figure's dropped labels reach the log" grep -q "loud: chronomap: warning: dropped label" "$TMP/err"
run 0 batch keys.ini -j 2
check "a frames figure is up to date when its frames exist" grep -q "0 rendered, 2 up to date" "$TMP/err"
rm "$first"
run 0 batch keys.ini -j 2
check "a missing frame renders the figure again" grep -q "1 rendered, 1 up to date" "$TMP/err"
check "and the frame is back" test -s "$first"
printf '[figure f]\nkind = timeline\ndata = members.csv\nframes = true\n' >frames-tl.ini
run 64 batch frames-tl.ini
check "frames on a timeline names the kind" grep -q 'key "frames" is a map option' "$TMP/err"
printf '[figure f]\nkind = map\ndata = members.csv\nframes = maybe\n' >frames-bad.ini
run 64 batch frames-bad.ini
check "frames = maybe wants true or false" grep -q 'frames-bad.ini:4: error: key "frames": want true or false' "$TMP/err"
printf '[figure f]\nkind = map\ndata = members.csv\nframes = true\nas-of = 2000\n' >frames-asof.ini
run 64 batch frames-asof.ini
check "frames with as-of refused at load, with the figure's line" grep -q 'frames-asof.ini:1: error: figure f: --frames draws one map per date' "$TMP/err"

opts() { # the long options of 'chronomap CMD --help' but -o (batch has outputs)
  "$CHRONOMAP" "$1" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | sed 's/.*--//' |
    grep -vxE 'help|output' | sort
}
"$CHRONOMAP" batch --list-keys >"$TMP/keys"
for cmd in timeline map; do
  check "batch keys match 'chronomap $cmd --help'" \
    test "$(opts $cmd | tr '\n' ' ')" = "$(awk -v c=$cmd '$1 == c {print $2}' "$TMP/keys" | sort | tr '\n' ' ')"
done
finish
