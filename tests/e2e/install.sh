# install: `cmake --install` of the tested build into a temporary prefix, then
# from there: the binary finds its styles and data (also after the prefix is
# moved), renders a timeline and a map; both man pages render without
# warnings and describe every option and style key; bash completion offers the
# commands, options and values; a C program builds against libchronomap with
# `pkg-config --cflags --libs chronomap` and runs.
#
# Environment: CHRONOMAP, CM_SRCDIR (as every e2e test); CM_REAL_CHRONOMAP
# when CHRONOMAP is a wrapper (scripts/valgrind-e2e). The build folder is the
# binary's folder; it must have been built (ctest runs after the build).
. "$(dirname "$0")/lib.sh"
unset CHRONOMAP_DATADIR # the checks below expect the folder chronomap finds itself
BIN=${CM_REAL_CHRONOMAP:-$CHRONOMAP}
BUILD=$(cd "$(dirname "$BIN")" && pwd)
cd "$TMP" || exit 1

# ---- install ----
P=$TMP/prefix
if ! cmake --install "$BUILD" --prefix "$P" >"$TMP/install.log" 2>&1; then
  fail "cmake --install $BUILD --prefix $P: $(tail -5 "$TMP/install.log")"
  finish
  exit 1
fi
ok
P=$(realpath "$P")
IB=$P/bin/chronomap
pcfile=$(find "$P" -name chronomap.pc -path '*/pkgconfig/*' | head -1)
lib=$(find "$P" -name libchronomap.a | head -1)
check "the binary is installed" test -x "$IB"
check "libchronomap.a is installed" test -s "$lib"
check "chronomap.pc is installed beside the library" test "$(dirname "$(dirname "$pcfile")")" = "$(dirname "$lib")"
check "chronomap.h is installed" test -s "$P/include/chronomap/chronomap.h"
check "styles are installed" test -s "$P/share/chronomap/styles/dark.ini"
check "the basemap is installed" test -s "$P/share/chronomap/data/world/countries-50m.json"
check "chronomap(1) is installed" test -s "$P/share/man/man1/chronomap.1"
check "chronomap-style(5) is installed" test -s "$P/share/man/man5/chronomap-style.5"
CMP=$P/share/bash-completion/completions/chronomap
check "bash completion is installed" test -s "$CMP"
check "no private header is installed" test -z "$(find "$P/include" -name '*_private.h')"
check "no module-internal (cm__) name is installed" \
  test -z "$(grep -rlE '(^|[^A-Za-z0-9_])(cm|CM)__' "$P/include")"
check "the licence is installed" grep -q '^MIT License' "$P/share/doc/chronomap/LICENSE"
check "world-atlas' ISC notice travels with the basemap" \
  grep -q 'Michael Bostock' "$P/share/chronomap/data/world/LICENSE.world-atlas"
check "chronomap.pc names the licence" grep -qx 'License: MIT' "$pcfile"

# ---- the data folder ----
check "the built binary reads the source tree" test "$("$BIN" --datadir)" = "$CM_SRCDIR"
check "the installed binary reads its prefix" test "$("$IB" --datadir)" = "$P/share/chronomap"
M=$TMP/moved
cp -a "$P" "$M"
check "a moved prefix is followed (relocatable)" test "$("$M/bin/chronomap" --datadir)" = "$M/share/chronomap"
check "CHRONOMAP_DATADIR wins" test "$(CHRONOMAP_DATADIR=/elsewhere "$IB" --datadir)" = /elsewhere
check "--help names --datadir" sh -c "'$IB' --help | grep -q -- --datadir"

# ---- rendering from the installed binary ----
ID=$P/share/chronomap/data
"$IB" timeline "$ID/nato/members.csv" --style dark --format dump -o - >dark.dump 2>"$TMP/err"
st=$?
check "timeline --style dark from the prefix: exit $st ($(head -c 300 "$TMP/err"))" test $st -eq 0
bg=$(sed -n 's/^background *= *#\([0-9a-fA-F]*\).*/\1/p' "$P/share/chronomap/styles/dark.ini")
check "the dark style is used (background #$bg)" grep -qi "^scene .* bg=#${bg}ff" dark.dump
run 0 timeline "$ID/nato/members.csv" --style dark -o dark.svg # same through the wrapper
"$IB" timeline "$ID/nato/members.csv" --style dark -o idark.svg 2>"$TMP/err"
check "installed timeline svg is written" test -s idark.svg
check "the installed and the built binary draw alike" cmp -s dark.svg idark.svg
rsvg-convert idark.svg -o idark.png 2>/dev/null
check "the installed timeline svg is valid for rsvg" test -s idark.png
"$IB" map "$ID/nato/partners.csv" --labels=JP,KR -o map.svg 2>"$TMP/err"
st=$?
check "map with the default basemap from the prefix: exit $st ($(head -c 300 "$TMP/err"))" test $st -eq 0
check "the installed map svg is written" test -s map.svg
"$IB" map "$ID/nato/partners.csv" --format dump -o - >map.dump 2>"$TMP/err"
check "the map draws Japan from the basemap" grep -q '^path country:JPN ' map.dump
check "the map credits Natural Earth" grep -q 'Basemap: Natural Earth' map.dump
printf '[figure f]\nkind = timeline\ndata = %s\nstyle = dark\noutputs = svg\noutput = fig/f\n' \
  "$ID/nato/members.csv" >m.ini
"$IB" batch m.ini --quiet 2>"$TMP/err"
st=$?
check "batch with a style name from the prefix: exit $st ($(head -c 300 "$TMP/err"))" test $st -eq 0
check "batch draws like timeline" cmp -s fig/f.svg idark.svg

# The commands look their files up with cm_data_path (render/util/cm_datadir.h):
# doctor the moved prefix and see the change in what they draw.
differ() { ! cmp -s "$1" "$2"; }
MD=$M/share/chronomap
sed -i 's/^background *=.*/background = #ff0000/' "$MD/styles/dark.ini"
cp "$MD/data/world/countries-110m.json" "$MD/data/world/countries-50m.json"
"$M/bin/chronomap" timeline "$ID/nato/members.csv" --style dark --format dump -o - >m.dump
check "--style dark is read from the moved prefix" grep -q '^scene .* bg=#ff0000ff' m.dump
"$M/bin/chronomap" map "$ID/nato/partners.csv" --format dump -o - 2>/dev/null |
  grep -v '^text source' >m110.dump
"$IB" map "$ID/nato/partners.csv" --basemap "$MD/data/world/countries-110m.json" --format dump \
  -o - 2>/dev/null | grep -v '^text source' >i110.dump
check "the default basemap is read from the moved prefix" cmp -s m110.dump i110.dump
grep -v '^text source' map.dump >i50.dump
check "... and not the original one" differ m110.dump i50.dump
"$M/bin/chronomap" batch m.ini --quiet --force 2>"$TMP/err"
check "batch reads the style from the moved prefix" grep -qE 'rgb\(100%, ?0%, ?0%\)' fig/f.svg

# ---- man pages ----
for page in man1/chronomap.1 man5/chronomap-style.5; do
  f=$P/share/man/$page
  groff -man -Tutf8 -ww -z "$f" 2>"$TMP/groff"
  st=$?
  check "groff renders $page without warnings: $(head -c 300 "$TMP/groff")" \
    test $st -eq 0 -a ! -s "$TMP/groff"
  if command -v man >/dev/null; then
    MANWIDTH=80 man --warnings -l "$f" >"$TMP/man.txt" 2>"$TMP/groff"
    st=$?
    check "man -l renders $page without warnings: $(head -c 300 "$TMP/groff")" \
      test $st -eq 0 -a ! -s "$TMP/groff" -a -s "$TMP/man.txt"
    check "man finds $page in the prefix" \
      test "$(man -M "$P/share/man" -w "${page%%/*}" "$(basename "${page%.*}")" 2>/dev/null)" = "$f"
  fi
done
# plain text, lines long enough that no tag wraps
text() { groff -man -Tascii -P-cbou -rLL=300n "$1" 2>/dev/null; }
text "$P/share/man/man1/chronomap.1" >man1.txt
text "$P/share/man/man5/chronomap-style.5" >man5.txt
longopts() { "$IB" "$1" --help | grep -oE '^ +(-[a-zA-Z], )?--[a-z-]+' | sed 's/.*--//' | sort -u; }
grep -oE -- '^ +(-[a-zA-Z], )?--[a-z-]+' man1.txt | sed 's/.*--//' | sort -u >man-opts.txt # the options' tags
for cmd in timeline map batch; do
  missing=$(longopts $cmd | grep -vx help | comm -23 - man-opts.txt | tr '\n' ' ')
  check "chronomap(1) describes every option of $cmd${missing:+ (missing: $missing)}" test -z "$missing"
done
# The option table itself ('chronomap options': kind name short arg values where) is
# what --help, the manifest keys, the man page and the completion must agree with.
"$IB" options >table.txt
for cmd in timeline map; do
  check "'chronomap options' lists the options of $cmd --help" \
    test "$(awk -v c=$cmd '$1 == c {print $2}' table.txt | sort -u | tr '\n' ' ')" = \
    "$(longopts $cmd | grep -vx help | tr '\n' ' ')"
done
while read -r kind name short arg values where; do
  [ "$values" = - ] && continue
  words=$(tr '|' ' ' <<<"$values")
  check "the completion offers '$words' for --$name" \
    grep -qE -- "--$name\) _chronomap_words $words( |;)" "$CMP"
done <table.txt
while read -r kind name short arg values where; do
  [ "$arg" = flag ] || [ "$arg" = optional ] && continue
  check "the completion knows that --$name takes a value" grep -qE -- "--$name( |\)|\||$)" \
    <(sed -n '/^_chronomap_value()/,/^}/p' "$CMP")
done <table.txt
for s in 'EXIT STATUS' ENVIRONMENT FILES EXAMPLES 'SEE ALSO'; do
  check "chronomap(1) has a section $s" grep -qx "$s" man1.txt
done
for code in 0 64 65 74; do
  check "chronomap(1) explains exit status $code" grep -qE "^ +$code +[A-Z]" man1.txt
done
check "chronomap(1) names CHRONOMAP_DATADIR" grep -q CHRONOMAP_DATADIR man1.txt

# ---- a C program against libchronomap ----
cat >consumer.c <<'EOF'
/* Uses libchronomap through its installed header and pkg-config file. */
#include <chronomap/chronomap.h>

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
    GError *err = NULL;
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "date") == 0 && argc == 3) {
        cm_date_t d;
        if (!cm_date_parse(argv[2], &d, &err)) {
            fprintf(stderr, "%s\n", err->message);
            g_error_free(err);
            return 65;
        }
        char *iso = cm_date_format_iso(&d), *en = cm_date_format(&d, "en");
        printf("%s|%s\n", iso, en);
        g_free(iso);
        g_free(en);
        return 0;
    }
    if (strcmp(mode, "keys") == 0) { /* every style key and its default */
        cm_style_t *st = cm_style_new_default();
        for (size_t i = 0; i < cm_style_n_keys(); i++) {
            cm_style_key_t k = cm_style_key(i);
            char *v = cm_style_get(st, k.group, k.key);
            printf("%s.%s\t%s\n", k.group, k.key, v ? v : "");
            g_free(v);
        }
        cm_style_free(st);
        return 0;
    }
    if (strcmp(mode, "sizes") == 0) {
        for (const char *const *s = cm_size_presets(); *s; s++)
            printf("%s\n", *s);
        return 0;
    }
    if (strcmp(mode, "palettes") == 0) {
        for (const char *const *s = cm_palette_names(); *s; s++)
            printf("%s\n", *s);
        return 0;
    }
    if (strcmp(mode, "proj") == 0) { /* each NAME's preset, or "-" */
        for (int i = 2; i < argc; i++) {
            cm_proj_t *p = cm_proj_new(argv[i], &err);
            const char *preset = p ? cm_proj_preset(p) : NULL;
            printf("%s\n", preset ? preset : "-");
            g_clear_error(&err);
            cm_proj_free(p);
        }
        return 0;
    }
    if (strcmp(mode, "render") == 0 && argc == 4) { /* CSV -> lanes SVG */
        int status = 1;
        cm_diag_t *diag = cm_diag_new();
        cm_dataset_t *ds = cm_ingest_file(argv[2], NULL, diag, &err);
        cm_style_t *style = cm_style_new_default();
        cm_text_t *text = cm_text_new();
        cm_measurer_t m = cm_text_measurer(text);
        cm_timeline_opts_t o = {.kind = CM_TIMELINE_LANES, .width = 680, .height = 480,
                                .today = cm_date_from_epoch(1764288000), .title = "From a consumer"};
        cm_layout_notes_t notes;
        cm_layout_notes_init(&notes);
        cm_scene_t *scene = ds ? cm_layout_timeline(ds, style, &m, &o, &notes, &err) : NULL;
        GByteArray *svg = g_byte_array_new();
        cm_render_opts_t ro = {.format = CM_FORMAT_SVG, .scale = 1, .png_level = -1, .epoch = -1};
        if (scene && cm_render(scene, text, &ro, svg, &err) &&
            cm_write_atomic(argv[3], svg->data, svg->len, &err))
            status = 0;
        if (err)
            fprintf(stderr, "consumer: %s\n", err->message);
        g_clear_error(&err);
        g_byte_array_unref(svg);
        cm_scene_free(scene);
        cm_layout_notes_release(&notes);
        cm_text_save_cache(text);
        cm_text_free(text);
        cm_style_free(style);
        cm_dataset_free(ds);
        cm_diag_free(diag);
        return status;
    }
    fprintf(stderr, "usage: consumer date D | keys | sizes | palettes | proj NAME... | render CSV OUT\n");
    return 64;
}
EOF
PKG_CONFIG_PATH=$(dirname "$pcfile")
export PKG_CONFIG_PATH
pkg-config --validate chronomap 2>"$TMP/err"
st=$?
check "chronomap.pc is valid: $(head -c 300 "$TMP/err")" test $st -eq 0 -a ! -s "$TMP/err"
check "pkg-config reports version $("$IB" --version | cut -d' ' -f2)" \
  test "$(pkg-config --modversion chronomap)" = "$("$IB" --version | cut -d' ' -f2)"
check "pkg-config's include dir is in the prefix" \
  test "$(realpath "$(pkg-config --variable=includedir chronomap)")" = "$P/include"
check "pkg-config's pkgdatadir holds the styles" \
  test -s "$(pkg-config --variable=pkgdatadir chronomap)/styles/dark.ini"
check "no sanitizer flags in chronomap.pc" test -z "$(grep -- -fsanitize "$pcfile")"
# Each installed header compiles on its own, from the prefix alone.
bad=
for h in $(cd "$P/include" && find chronomap -name '*.h' | sort); do
  # shellcheck disable=SC2046
  printf '#include <%s>\n' "$h" | ${CC:-cc} -std=c17 -Wall -Wextra -Werror -fsyntax-only -x c - \
    $(pkg-config --cflags chronomap) 2>>"$TMP/hdr" || bad="$bad $h"
done
check "each installed header compiles on its own:${bad:- yes} $(head -c 600 "$TMP/hdr" 2>/dev/null)" test -z "$bad"
# A sanitized libchronomap (CM_SANITIZE) needs the sanitizer runtimes in the
# program too: tell by the library's undefined sanitizer symbols.
san=
nm "$lib" 2>/dev/null | grep -q ' U __asan_' && san="$san -fsanitize=address"
nm "$lib" 2>/dev/null | grep -q ' U __ubsan_' && san="$san -fsanitize=undefined"
# shellcheck disable=SC2046,SC2086
${CC:-cc} -std=c17 -Wall -Wextra -Werror $san consumer.c -o consumer \
  $(pkg-config --cflags --libs chronomap) 2>"$TMP/cc"
st=$?
check "a C program builds with pkg-config --cflags --libs chronomap: $(head -c 600 "$TMP/cc")" \
  test $st -eq 0 -a -x consumer
if [ -x consumer ]; then
  check "the consumer parses a date" test "$(./consumer date 2012-09)" = "2012-09|Sep 2012"
  ./consumer date 1949-13-45 >/dev/null 2>"$TMP/err"
  check "the consumer gets a date error" test $? -eq 65 -a -s "$TMP/err"
  ./consumer render "$ID/nato/members.csv" consumer.svg 2>"$TMP/err"
  st=$?
  check "the consumer renders a timeline: $(head -c 300 "$TMP/err")" test $st -eq 0
  rsvg-convert consumer.svg -o consumer.png 2>/dev/null
  check "the consumer's svg is valid for rsvg" test -s consumer.png

  # The examples in chronomap.h, extracted from the installed header, build and draw
  # what the command draws with the same options, byte for byte.
  for ex in timeline map; do
    mkdir -p "ex-$ex"
    sed -n "/^ \* EXAMPLE $ex\$/,/^ \* END\$/p" "$P/include/chronomap/chronomap.h" |
      sed '1d;$d;s/^ \*//;s/^   //' >"ex-$ex/example.c"
    # shellcheck disable=SC2046,SC2086
    ${CC:-cc} -std=c17 -Wall -Wextra -Werror $san "ex-$ex/example.c" -o "ex-$ex/example" \
      $(pkg-config --cflags --libs chronomap) 2>"$TMP/cc"
    check "the $ex example of chronomap.h builds: $(head -c 600 "$TMP/cc")" test -x "ex-$ex/example"
  done
  cp "$ID/nato/members.csv" "$ID/nato/partners.csv" ex-timeline/
  cp "$ID/nato/partners.csv" ex-map/
  (cd ex-timeline && ./example) 2>"$TMP/err"
  check "the timeline example runs: $(head -c 300 "$TMP/err")" test $? -eq 0 -a -s ex-timeline/nato.svg -a -s ex-timeline/nato.png
  (cd ex-timeline && "$IB" timeline members.csv --layout lanes --sort start \
    --title "How NATO grew" -o cli.svg -o cli.png)
  check "the timeline example's svg is the command's" cmp -s ex-timeline/nato.svg ex-timeline/cli.svg
  check "the timeline example's png is the command's" cmp -s ex-timeline/nato.png ex-timeline/cli.png
  # a program finds the styles and basemap where pkg-config says they are
  (cd ex-map && CHRONOMAP_DATADIR=$(pkg-config --variable=pkgdatadir chronomap) ./example) 2>"$TMP/err"
  check "the map example runs: $(head -c 300 "$TMP/err")" test $? -eq 0 -a -s ex-map/partners.svg
  (cd ex-map && "$IB" map partners.csv --labels=JP,KR --style screen --as-of 2024-01-01 \
    -o cli.svg 2>/dev/null)
  check "the map example's svg is the command's" cmp -s ex-map/partners.svg ex-map/cli.svg

  # The man page against the library: every style key with its default, every palette.
  ./consumer keys >keys.txt
  check "the library has style keys" test "$(wc -l <keys.txt)" -gt 40
  sed -n 's/^ *\([a-z-]*\.[a-z-]*\) = [a-z]* (default: \(.*\))$/\1\t\2/p' man5.txt |
    sort >man-keys.txt
  missing=$(sort keys.txt | comm -23 - man-keys.txt | cut -f1 | tr '\n' ' ')
  check "chronomap-style(5) has every key with its default${missing:+ (not: $missing)}" test -z "$missing"
  missing=$(./consumer palettes | while read -r p; do grep -qw -- "$p" man5.txt || echo "$p"; done)
  check "chronomap-style(5) names every palette${missing:+ (not: $missing)}" test -z "$missing"
fi

# ---- bash completion ----
# complete WORD... — what completing the last word offers, one per line, sorted
complete_words() {
  bash --norc --noprofile -c '
    source "$1" || exit 1
    shift
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    _chronomap
    printf "%s\n" "${COMPREPLY[@]}"' complete "$CMP" "$@" | sort
}
words() { printf '%s\n' "$@" | sort; }
check "completion offers the commands" \
  test "$(complete_words "$IB" "")" = "$(words batch map timeline)"
check "completion offers --datadir" test "$(complete_words "$IB" --d)" = "--datadir"
presets=$(complete_words "$IB" map --projection "")
check "completion offers the projection presets" \
  test "$presets" = "$(words world robinson europe north-atlantic asia-pacific)"
check "completion of --projection=" \
  test "$(complete_words "$IB" map --projection = "")" = "$presets"
if [ -x consumer ]; then
  # shellcheck disable=SC2086
  check "each completed projection is a preset of the library" \
    test "$(./consumer proj $presets)" = "$presets"
  check "completion offers the library's size presets" \
    test "$(complete_words "$IB" timeline --size "")" = "$(./consumer sizes | sort)"
fi
check "completion offers the layouts" \
  test "$(complete_words "$IB" timeline --layout "")" = "$(words lanes axis step)"
check "completion offers the formats" \
  test "$(complete_words "$IB" map --format "")" = "$(words svg png pdf dump)"
mkdir empty # no folders or .ini files to offer besides the styles
check "completion offers the installed style names" \
  test "$(cd empty && complete_words "$IB" timeline --style "")" = \
  "$(ls "$P/share/chronomap/styles" | sed -n 's/\.ini$//p' | sort)"
for cmd in timeline map batch; do
  check "completion offers every long option of $cmd --help" \
    test "$(complete_words "$IB" $cmd -- | sed 's/^--//')" = "$(longopts $cmd)"
done
check "completion offers data files" \
  test "$(complete_words "$IB" map "$ID/nato/m")" = "$(words "$ID/nato/members.csv" "$ID/nato/milestones.csv")"
check "completion offers manifests to batch" \
  test "$(complete_words "$IB" batch "$ID/fig")" = "$ID/figures.ini"
finish
