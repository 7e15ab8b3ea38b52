# Selectable SVG text, checked in a real browser: headless Chromium loads one
# page with the same figure twice, inline — drawn with --svg-text selectable
# and with the default outlines — and a script selects each figure's
# contents and runs the browser's find for every text of the figure (taken
# from the layout report, not from the SVG). Selectable: every label is
# found and copied. Outline: none is (the check can fail). The invisible
# text must not change the picture (rsvg renders both to the same pixels).
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  fail "chromium is not installed: run scripts/setup (Debian package chromium)"
  finish
  exit 1
fi

args=(timeline "$D/treaties/japan-korea-nato.csv" --layout axis --from 1951 --to 2025
  --title "Japan & South Korea: <allies> of the US" --source "Source: NATO; US State Department."
  --size 900x600)
run 0 "${args[@]}" --svg-text selectable -o "$TMP/sel.svg" --report "$TMP/rep.json" --alt-text "$TMP/alt.txt"
run 0 "${args[@]}" -o "$TMP/out.svg"
check "selectable svg has <text>" grep -q "<text" "$TMP/sel.svg"
check "outline svg has no <text>" test "$(grep -c '<text' "$TMP/out.svg")" -eq 0
check "svg has <title>" grep -q "<title>Japan &amp; South Korea: &lt;allies&gt; of the US</title>" "$TMP/sel.svg"
desc=$(head -c 40 "$TMP/alt.txt")
check "svg <desc> is the alt text" grep -qF "<desc>$desc" "$TMP/sel.svg"
rsvg-convert "$TMP/sel.svg" -o "$TMP/sel.png" && rsvg-convert "$TMP/out.svg" -o "$TMP/out.png"
check "invisible text draws nothing" cmp -s "$TMP/sel.png" "$TMP/out.png"
run 64 "${args[@]}" --svg-text glyphs -o "$TMP/bad.svg" || true
check "bad --svg-text writes nothing" test ! -e "$TMP/bad.svg"

# Every text of the scene, as JSON string literals, straight from the report.
# (the "texts" array only: "dropped" lists what was not drawn)
sed -n '/^  "texts" : \[/,/^  \]/p' "$TMP/rep.json" | grep -E '^ *"text" : ' >"$TMP/texts"
labels=$(sed -E 's/^ *"text" : (".*"),?$/\1/' "$TMP/texts" | paste -sd, -)
n_labels=$(wc -l <"$TMP/texts")
check "report lists the figure's texts ($n_labels)" test "$n_labels" -gt 20

{
  echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>svg text</title></head><body>'
  echo '<div id="sel">'; sed '1{/^<?xml/d}' "$TMP/sel.svg"; echo '</div>'
  echo '<div id="out">'; sed '1{/^<?xml/d}' "$TMP/out.svg"; echo '</div>'
  cat <<JS
<pre id="result"></pre>
<script>
var labels = [$labels];
function norm(s) { return s.replace(/\s+/g, ' ').trim(); }
function selected(id) {
  var sel = window.getSelection(), r = document.createRange();
  sel.removeAllRanges();
  r.selectNodeContents(document.getElementById(id));
  sel.addRange(r);
  var t = norm(sel.toString());
  sel.removeAllRanges();
  return t;
}
var sel = selected('sel'), out = selected('out'), lines = [];
for (var i = 0; i < labels.length; i++) {
  var l = norm(labels[i]);
  window.getSelection().removeAllRanges();
  var found = window.find(l, true, false, true);
  lines.push((sel.indexOf(l) >= 0 ? 'COPY' : 'NOCOPY') + ' ' + (found ? 'FIND' : 'NOFIND') +
             ' ' + (out.indexOf(l) >= 0 ? 'OUTLINE-COPY' : 'OUTLINE-NONE') + ' ' + l);
}
document.getElementById('result').textContent = lines.join('\n') + '\nEND\n';
</script></body></html>
JS
} >"$TMP/page.html"

profile=$(mktemp -d)
timeout 40 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --no-first-run --disable-sync --user-data-dir="$profile" \
  --dump-dom "file://$TMP/page.html" >"$TMP/dom.html" 2>"$TMP/chromium.err"
rm -rf "$profile"
sed -n '/<pre id="result">/,/END/p' "$TMP/dom.html" | sed 's/<pre id="result">//' >"$TMP/result.txt"
check "chromium ran the page" grep -q END "$TMP/result.txt"
got=$(grep -c '^COPY FIND OUTLINE-NONE ' "$TMP/result.txt")
check "every label selectable and found in chromium ($got of $n_labels)" test "$got" -eq "$n_labels"
if [ "$got" -ne "$n_labels" ]; then grep -v '^COPY FIND OUTLINE-NONE ' "$TMP/result.txt" | head -5 >&2; fi
check "the title is among them" grep -q "^COPY FIND OUTLINE-NONE Japan &amp; South Korea: &lt;allies&gt; of the US" "$TMP/result.txt"
finish
