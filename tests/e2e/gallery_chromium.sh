# The batch gallery in a real browser: headless Chromium opens out/index.html
# (through a copy with a small script appended, so the page itself stays
# script-free), every <img> must have loaded (naturalWidth > 0), the console
# must show no errors, and a screenshot is saved (to $CM_SCREENSHOT_DIR when
# set, to look at).
. "$(dirname "$0")/lib.sh"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  fail "chromium is not installed: run scripts/setup (Debian package chromium)"
  finish
  exit 1
fi
B=$TMP/b
cp -r "$CM_SRCDIR/tests/batch" "$B"
cd "$B" || exit 1
run 0 batch small.ini -j 2 --gallery --quiet
page=out/index.html
check "gallery written" test -s "$page"
n_fig=$(grep -c '<figure id=' "$page")
check "one card per figure (7, got $n_fig)" test "$n_fig" -eq 7
check "title escaped" grep -qF '<h2>Lanes &lt;&amp;&gt; &quot;quoted&quot;</h2>' "$page"
check "png thumbnail linked to svg" grep -qF '<a href="lanes.svg">SVG</a>' "$page"
check "the map falls back to its svg" grep -qF '<img src="map.svg"' "$page"
alt=$(head -c 30 out/.chronomap-batch/step.txt)
check "alt text embedded" grep -qF "alt=\"$alt" "$page"
check "no script in the page" test "$(grep -c '<script' "$page")" -eq 0

# Counts loaded images once the page (and every image) has loaded.
sed 's#</body>#<script>window.addEventListener("load", function () {\
  var imgs = document.images, ok = 0;\
  for (var i = 0; i < imgs.length; i++) if (imgs[i].complete \&\& imgs[i].naturalWidth > 0) ok++;\
  document.title = "LOADED " + ok + " OF " + imgs.length;\
});</script></body>#' "$page" >out/check.html
profile=$(mktemp -d)
chrome() {
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --no-first-run --disable-sync --user-data-dir="$profile" \
    --allow-file-access-from-files --enable-logging=stderr --v=0 "$@"
}
chrome --virtual-time-budget=5000 --dump-dom "file://$B/out/check.html" >"$TMP/dom.html" 2>"$TMP/console.log"
check "every image loaded in chromium" grep -q "<title>LOADED 7 OF 7</title>" "$TMP/dom.html"
grep -o '<title>[^<]*</title>' "$TMP/dom.html" | head -1 >&2
if grep -E 'CONSOLE|Uncaught|Failed to load|ERR_FILE_NOT_FOUND' "$TMP/console.log" >"$TMP/console.err"; then
  fail "console errors: $(head -c 600 "$TMP/console.err")"
else
  ok
fi
shots=${CM_SCREENSHOT_DIR:-$TMP}
mkdir -p "$shots"
chrome --window-size=1200,900 --screenshot="$shots/gallery.png" "file://$B/$page" >/dev/null 2>&1
check "screenshot saved" test -s "$shots/gallery.png"
rm -rf "$profile"
finish
