# seams: scripts/check-seams (run by scripts/lint) passes on the tree and fails,
# naming file, line and rule, on each kind of violation planted into a copy of
# render/ (a stage including a stage or a library its row of render/SEAMS does
# not allow, an internal header, a library reached through another stage's
# header, an unknown system header, a folder without a row, a stale todo row).
#
# Environment: CM_SRCDIR (as every e2e test).
. "$(dirname "$0")/lib.sh"
CHECK=$CM_SRCDIR/scripts/check-seams

"$CHECK" "$CM_SRCDIR" >"$TMP/out" 2>&1
st=$?
check "the tree keeps its seams: $(head -c 600 "$TMP/out")" test $st -eq 0

# plant NAME EXPECTED-REGEX EDIT... — runs EDIT (a shell command, with $R the copy's
# root) on a fresh copy of render/, then expects exit 1 and a finding matching REGEX.
plant() {
  local name=$1 want=$2
  shift 2
  R=$TMP/$name
  mkdir -p "$R" && cp -a "$CM_SRCDIR/render" "$R/" || return 1
  (cd "$R" && eval "$*") || {
    fail "$name: the edit failed"
    return 1
  }
  "$CHECK" "$R" >"$TMP/out" 2>"$TMP/err"
  st=$?
  check "$name: exit 1 (got $st: $(head -c 300 "$TMP/err"))" test $st -eq 1
  check "$name: finding /$want/ (got: $(head -c 600 "$TMP/out"))" grep -qE -- "$want" "$TMP/out"
}
# first_include FILE LINE — puts LINE before the first #include of FILE
first_include() {
  awk -v l="$2" '!done && /^#include/ { print l; done = 1 } { print }' "$1" >"$1.new" &&
    mv "$1.new" "$1"
}
plant layout-cairo '^render/layout/cm_axis\.c:[0-9]+: seams: layout must not include <cairo\.h> \(cairo\)' \
  'first_include render/layout/cm_axis.c "#include <cairo.h>"'
plant layout-proj 'render/layout/cm_map\.c:[0-9]+: seams: layout must not include <proj\.h> \(proj\)' \
  'first_include render/layout/cm_map.c "#include <proj.h>"'
plant layout-zlib 'layout must not include <zlib\.h> \(zlib\)' \
  'first_include render/layout/cm_lanes.c "#include <zlib.h>"'
plant model-style 'render/model/cm_date\.c:[0-9]+: seams: model must not include style' \
  'first_include render/model/cm_date.c "#include \"../style/cm_style.h\""'
plant model-layout 'model must not include layout' \
  'first_include render/model/cm_dataset.h "#include \"../layout/cm_layout.h\""'
plant backend-dates 'render/backend/cm_svg\.c:[0-9]+: seams: backend must not include model' \
  'first_include render/backend/cm_svg.c "#include \"../model/cm_date.h\""'
plant csv-outside-ingest 'model must not include <csv\.h> \(csv\)' \
  'first_include render/model/cm_dataset.c "#include <csv.h>"'
plant private-header 'layout must not include backend/cm_backend_private\.h: it is internal to backend' \
  'first_include render/layout/cm_axis.c "#include \"../backend/cm_backend_private.h\""'
plant proj-table 'layout must not include geo/cm_proj_api\.h: it is internal to geo' \
  'first_include render/layout/cm_map.c "#include \"../geo/cm_proj_api.h\""'
# a library reached through an allowed stage's header is the including stage's too
plant reach 'render/layout/cm_layout\.h:[0-9]+: seams: layout must not reach <cairo\.h> \(cairo\) through style/cm_style\.h' \
  'first_include render/style/cm_style.h "#include <cairo.h>"'
plant unknown-header '<libfoo/foo\.h> belongs to no lib row' \
  'first_include render/util/cm_bin.c "#include <libfoo/foo.h>"'
plant missing-file '"cm_nothere\.h" is not a file of render/' \
  'first_include render/scene/cm_scene.c "#include \"cm_nothere.h\""'
plant no-row '^render/newstage: seams: no stage row' \
  'mkdir render/newstage && printf "#include <glib.h>\n" >render/newstage/x.c'
plant stale-todo 'todo row "layout backend" \(#11\) matches nothing' \
  'printf "todo layout backend #11 planted\n" >>render/SEAMS'
plant table-typo 'stage layout may include "bogus", which has no stage row' \
  'sed -i "s/^stage layout *may /&bogus /" render/SEAMS'
# the figure layer (render/figure/) may include any stage but cli
mkdir -p "$TMP/figure" && cp -a "$CM_SRCDIR/render" "$TMP/figure/" && mkdir -p "$TMP/figure/render/figure"
printf '#include "../%s"\n' chronomap.h layout/cm_map.h backend/cm_backend.h report/cm_alt.h \
  batch/cm_batch.h geo/cm_geo_base.h >"$TMP/figure/render/figure/cm_planted.c"
"$CHECK" "$TMP/figure" >"$TMP/out" 2>&1
check "figure may include every stage but cli: $(head -c 600 "$TMP/out")" test $? -eq 0
plant figure-cache 'render/figure/cm_planted\.c:1: seams: figure must not include geo/cm_geo_cache\.h' \
  'printf "#include \"../geo/cm_geo_cache.h\"\n" >render/figure/cm_planted.c'
plant figure-cli 'render/figure/cm_planted\.c:1: seams: figure must not include cli' \
  'printf "#include \"../cli/cli.h\"\n" >render/figure/cm_planted.c'

finish
