# End-to-end tests of styles, sizes and units, languages and alt text:
# every shipped theme renders at its size, physical sizes give real PDF sizes
# and PNG DPI, --set and --lang take effect, alt text is written with the
# figure, and every bad style, size or language stops with 64 and writes
# nothing.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv
svg_size() { sed -n 's/.*<svg[^>]* width="\([0-9.]*\)[a-z]*" height="\([0-9.]*\)[a-z]*".*/\1x\2/p' "$1" | head -1; }
png_size() { file "$1" | grep -o '[0-9]* x [0-9]*' | tr -d ' '; }
pdf_size() { # in pt, rounded to 0.1
  pdfinfo "$1" | sed -n 's/^Page size: *\([0-9.]*\) x \([0-9.]*\) pts.*/\1 \2/p' |
    { read -r w h && LC_ALL=C printf '%.1fx%.1f' "$w" "$h"; }
}

# --- themes at their sizes (article and dark grow taller for 32 lanes: page.grow) ---
declare -A want=([article]=680x687 [dark]=680x687 [slide]=1920x1080 [social]=1200x675 [screen]=1600x900)
for style in article dark slide social screen; do
  run 0 timeline "$M" --style "$style" --title "How NATO grew" -o "$TMP/$style.svg"
  got=$(svg_size "$TMP/$style.svg")
  check "$style svg is ${want[$style]} (got $got)" test "$got" = "${want[$style]}"
done
check "dark paints a dark page" grep -q 'fill:rgb(8.235294%,9.803922%,11.764706%)' "$TMP/dark.svg"
check "dark writes light text" grep -q 'fill:rgb(92.54902%,92.54902%,92.54902%)' "$TMP/dark.svg"
run 0 timeline "$M" --title "How NATO grew" -o "$TMP/default.svg"
check "article is the default look" cmp -s "$TMP/default.svg" "$TMP/article.svg"
run 0 timeline "$M" --title "How NATO grew" --size 680x480 -o "$TMP/fixed.svg"
check "--size keeps the page size (no growing)" test "$(svg_size "$TMP/fixed.svg")" = 680x480
run 0 timeline "$M" --title "How NATO grew" --layout step -o "$TMP/step.svg"
check "only lanes grow" test "$(svg_size "$TMP/step.svg")" = 680x480
check "svg <desc> is the alt text" grep -q "<desc>Timeline, 1949 to 2024: How NATO grew. 32 members" "$TMP/default.svg"

# --- print: mm sizes, 300 dpi PNG, PDF in mm ---
run 0 timeline "$M" --style print -o "$TMP/print.png"
check "print png is 170 x 110 mm at 300 dpi ($(png_size "$TMP/print.png"))" test "$(png_size "$TMP/print.png")" = 2008x1300
run 0 timeline "$M" --style print -o "$TMP/print.pdf"
check "print pdf is 170 x 110 mm ($(pdf_size "$TMP/print.pdf"))" test "$(pdf_size "$TMP/print.pdf")" = "481.9x311.8"
run 0 timeline "$M" --size 170mmx110mm --dpi 150 -o "$TMP/m150.png"
check "--size in mm with --dpi 150 ($(png_size "$TMP/m150.png"))" test "$(png_size "$TMP/m150.png")" = 1004x650
run 0 timeline "$M" --size a4-landscape -o "$TMP/a4.pdf"
check "a4-landscape pdf ($(pdf_size "$TMP/a4.pdf"))" test "$(pdf_size "$TMP/a4.pdf")" = "841.9x595.3"
run 0 timeline "$M" --size 4inx3in -o "$TMP/in.svg"
check "--size in inches ($(svg_size "$TMP/in.svg"))" test "$(svg_size "$TMP/in.svg")" = 384x288

# --- --set and inline palettes ---
run 0 timeline "$M" --set page.size=social --set "palette.accent=#d55e00" -o "$TMP/set.svg"
check "--set page.size" test "$(svg_size "$TMP/set.svg")" = 1200x675
check "--set palette.accent" grep -q 'fill:rgb(83.529412%,36.862745%,0%)' "$TMP/set.svg"
run 0 timeline "$D/treaties/japan-korea-nato.csv" --layout axis \
  --set "palette.colors=#ff0000 #00ff00 #0000ff" -o "$TMP/pal.svg"
check "inline palette colours the groups" grep -q 'fill:rgb(100%,0%,0%)' "$TMP/pal.svg"

# --- languages: dates in the figure and in the alt text ---
for pair in "de|12. März 1999|7. März 2024" "fr|12 mars 1999|7 mars 2024" \
  "ko|1999년 3월 12일|2024년 3월 7일" "ja|1999年3月12日|2024年3月7日"; do
  IFS='|' read -r lang label alt <<<"$pair"
  run 0 timeline "$M" --lang "$lang" --size 680x760 -o "$TMP/$lang.pdf" --alt-text "$TMP/$lang.txt"
  pdftotext "$TMP/$lang.pdf" "$TMP/$lang.pdf.txt"
  check "$lang: figure has \"$label\"" grep -qF "$label" "$TMP/$lang.pdf.txt"
  check "$lang: alt text has \"$alt\"" grep -qF "$alt" "$TMP/$lang.txt"
done
run 0 timeline "$M" --set page.lang=de --size 680x760 -o "$TMP/style-de.pdf"
pdftotext "$TMP/style-de.pdf" "$TMP/style-de.txt"
check "the style's language is used without --lang" grep -qF "12. März 1999" "$TMP/style-de.txt"

# --- alt text: from the data, with the figure, in SVG and PDF ---
run 0 timeline "$M" --title "How NATO grew" --size 680x760 -o "$TMP/alt.pdf" --alt-text "$TMP/alt.txt"
pdftotext "$TMP/alt.pdf" "$TMP/alt.pdf.txt"
check "en: figure has \"12 Mar 1999\"" grep -qF "12 Mar 1999" "$TMP/alt.pdf.txt"
check "alt text counts the founders" grep -qF "12 in 1949 (1949 founders)" "$TMP/alt.txt"
check "alt text has the latest state" grep -qF "32 members since 7 March 2024." "$TMP/alt.txt"
check "pdf subject is the alt text" sh -c "pdfinfo '$TMP/alt.pdf' | grep -q '^Subject: *Timeline, 1949 to 2024: How NATO grew. 32 members'"
check "pdf title" sh -c "pdfinfo '$TMP/alt.pdf' | grep -q '^Title: *How NATO grew'"

# --- bad input: 64, a clear message, nothing written, old files untouched ---
echo precious >"$TMP/keep.svg"
echo precious >"$TMP/keep.txt"
bad() { # DESCRIPTION PATTERN ARGS… — must exit 64 with PATTERN on stderr, writing nothing
  local what=$1 pattern=$2
  shift 2
  run 64 timeline "$M" "$@" -o "$TMP/keep.svg" --alt-text "$TMP/keep.txt" || return
  check "$what: message" grep -qF -- "$pattern" "$TMP/err"
  check "$what: output untouched" grep -qx precious "$TMP/keep.svg"
  check "$what: alt text untouched" grep -qx precious "$TMP/keep.txt"
}
bad "size 0" "between 16 and 20000 px" --size 0x100
bad "size 100000" "between 16 and 20000 px" --size 100000x100
bad "size in mm too big" "between 16 and 20000 px" --size 6000mmx100mm
bad "bad unit" "12furlongsx3" --size 12furlongsx3
bad "unknown preset" "--size huge: \"huge\" is not WIDTHxHEIGHT" --size huge
bad "unknown language" "--lang tlh: use one of en, de, fr, ko, ja" --lang tlh
bad "unknown style" "--style nosuch: no such style (styles: article, dark" --style nosuch
bad "bad --set colour" "palette.accent: \"blue\" is not a colour" --set palette.accent=blue
bad "bad --set key" "did you mean title.size" --set title.sise=3
bad "bad --svg-text" "--svg-text bold" --svg-text bold

printf '[page]\ninherits = self\n' >"$TMP/self.ini"
bad "style inherits itself" "self.ini:2: page.inherits = self makes a cycle" --style "$TMP/self.ini"
printf '[page]\nmargin = 4\ninherits = nowhere\n' >"$TMP/orphan.ini"
bad "missing parent" "orphan.ini:3: page.inherits = nowhere: no style file" --style "$TMP/orphan.ini"
printf '[title]\nsize = 20\n[page]\nbackground = #12345\n' >"$TMP/colour.ini"
bad "colour that does not parse" "colour.ini:4: error: page.background: \"#12345\" is not a colour" --style "$TMP/colour.ini"
printf '[page]\nlang = xx\n' >"$TMP/lang.ini"
bad "unknown language in a style" "lang.ini:2: error: page.lang: \"xx\" is not a language" --style "$TMP/lang.ini"
printf '[page]\nsize = 0x0\n' >"$TMP/size.ini"
bad "zero size in a style" "size.ini:2: error: page.size" --style "$TMP/size.ini"
printf '[titel]\nsize = 3\n' >"$TMP/group.ini"
bad "unknown group" "group.ini:1: error: unknown style group [titel]" --style "$TMP/group.ini"
finish
