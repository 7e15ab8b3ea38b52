# The bad-input corpus runner: every case in tests/bad/cases/*.cases, run
# through the chronomap binary. See tests/bad/README.md for the case format.
#
# Each case runs twice in a fresh work folder $W: once with the output folder
# $W/out empty, once with known bytes already in out/fig.svg, fig.png,
# fig.pdf and report.json. After each run the exit status must be the one the
# case states, stderr must contain each of its words, and — for failing cases
# — every file under $W must be exactly as before the run (so no output was
# created, no temporary file left behind, and no existing file touched).
#
# Environment: CHRONOMAP, CM_SRCDIR (as every e2e test); CM_BAD_ONLY=REGEX
# runs only the cases whose name matches; CM_BAD_LIGHT=1 skips the cases
# marked heavy, CM_BAD_ONE_VARIANT=1 runs each case once (with existing
# outputs, the stricter run) and CM_BAD_TIMEOUT_SCALE=K multiplies every
# timeout by K (scripts/valgrind-e2e sets all three).
. "$(dirname "$0")/lib.sh"
BAD=$CM_SRCDIR/tests/bad
DATA=$CM_SRCDIR/data
GEN=$TMP/gen
mkdir -p "$GEN"
skipped=0
xfailed=0
TMPDIR_PROBE=$TMP/probe
mkdir -p "$TMPDIR_PROBE"
export BAD DATA GEN CM_SRCDIR TMPDIR_PROBE

# ---- inputs generated at run time (too big or too odd to commit) ----
gen_big_field() { # one 50 MB field in an otherwise fine file
  { printf 'country,joined\n"'; head -c 52428800 /dev/zero | tr '\0' 'a'; printf '",1999\n'; } \
    >"$GEN/big_field.csv"
}
gen_million_rows() { # a million valid rows, then one bad date on line 1000002
  awk 'BEGIN { print "country,joined"
    for (i = 0; i < 1000000; i++) printf "C%d,%d-%02d-%02d\n", i, 1900 + i % 120, 1 + i % 12, 1 + i % 28
    print "Atlantis,1999-13" }' >"$GEN/million_rows.csv"
}
gen_million_good() { # a million valid rows, one entity each, no groups
  awk 'BEGIN { print "country,joined"
    for (i = 0; i < 1000000; i++) printf "C%d,%d-%02d-%02d\n", i, 1900 + i % 120, 1 + i % 12, 1 + i % 28 }' \
    >"$GEN/million_good.csv"
}
gen_long_text() { # a label of 1001 bytes and a note of 1200 (the text cap is 1000)
  awk 'BEGIN { l = sprintf("%1001s", ""); gsub(/ /, "l", l); n = sprintf("%1200s", ""); gsub(/ /, "n", n)
    print "country,joined,label,note"; print "France,1949," l ",short"; print "Greece,1952,fine," n }' \
    >"$GEN/long_text.csv"
}
gen_big_style() { # a 2 MB style file of comments (the style cap is 1 MiB)
  { printf '[page]\nmargin = 3\n'; yes '# a comment that makes this style file far too long' | head -c 2000000; } \
    >"$GEN/big_style.ini"
}
gen_many_columns() { # a header of 10 001 columns
  awk 'BEGIN { printf "country,joined"; for (i = 0; i < 9999; i++) printf ",c%d", i; print ""
    print "France,1949" }' >"$GEN/many_columns.csv"
}
gen_deep_json() { # 100 000 nested arrays
  { printf '{"type":"FeatureCollection","features":'
    head -c 100000 /dev/zero | tr '\0' '['
    head -c 100000 /dev/zero | tr '\0' ']'
    printf '}'; } >"$GEN/deep.geojson"
}
gen_utf16() { # the NATO members file as UTF-16LE with a BOM (as Excel saves "Unicode text")
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$DATA/nato/members.csv"; } >"$GEN/utf16.csv"
}
declare -A generated=()
ensure_gen() {
  local g
  for g in "$@"; do
    if [ -z "${generated[$g]:-}" ]; then
      "gen_$g"
      generated[$g]=1
    fi
  done
}

# ---- whether a command exists yet (map and batch land later) ----
declare -A have_cmd=()
has_command() {
  if [ -z "${have_cmd[$1]:-}" ]; then
    if "$REAL_CHRONOMAP" "$1" --help >/dev/null 2>&1; then have_cmd[$1]=yes; else have_cmd[$1]=no; fi
  fi
  [ "${have_cmd[$1]}" = yes ]
}
REAL_CHRONOMAP=${CM_REAL_CHRONOMAP:-$CHRONOMAP}

# memory: limits are for a plain build (what users run). AddressSanitizer keeps
# shadow memory, redzones and a 256 MB quarantine on top, so a sanitized
# binary gets three times the limit; CM_BAD_MEMORY_SCALE (percent) overrides.
if [ -n "${CM_BAD_MEMORY_SCALE:-}" ]; then
  MEMORY_SCALE=$CM_BAD_MEMORY_SCALE
elif grep -qa __asan_init "$REAL_CHRONOMAP" 2>/dev/null; then
  MEMORY_SCALE=300
else
  MEMORY_SCALE=100
fi

# ---- the state of a folder: every path, its type, and its bytes or link target ----
snapshot() {
  (cd "$1" && find . -mindepth 1 -printf '%p %y %m %l\n' | sort &&
    find . -type f -exec sha256sum {} + | sort -k2)
}

precious() { # known bytes in the usual output names
  local f
  for f in fig.svg fig.png fig.pdf report.json; do
    printf 'precious %s, not to be touched\n' "$f" >"$W/out/$f"
  done
}

peak_kb=
run_case_once() { # VARIANT — runs the current case once; returns 0 when it passed
  local variant=$1
  rm -rf "$W"
  mkdir -p "$W/out"
  [ "$variant" = existing ] && precious
  export TMP_ERR W OUT="$W/out/fig.svg" PNG="$W/out/fig.png" PDF="$W/out/fig.pdf" REPORT="$W/out/report.json"
  local s
  for s in "${c_setup[@]}"; do
    if ! (cd "$W" && eval "$s") >"$TMP/setup.log" 2>&1; then
      fail "$c_name: setup failed: $s: $(head -c 300 "$TMP/setup.log")"
      return 1
    fi
  done
  snapshot "$W" >"$TMP/before"
  local args=() got
  eval "args=($c_args)"
  local timer=()
  [ -n "$c_memory" ] && [ -x /usr/bin/time ] && timer=(/usr/bin/time -o "$TMP/rss" -f %M)
  (cd "$W" && exec env "${c_env[@]}" timeout "$((c_timeout * ${CM_BAD_TIMEOUT_SCALE:-1}))" "${timer[@]}" "$CHRONOMAP" "${args[@]}") \
    <"${c_stdin:-/dev/null}" >"$TMP/out" 2>"$TMP/err"
  got=$?
  [ -n "${timer[*]}" ] && peak_kb=$(tail -1 "$TMP/rss")
  local problems=()
  [ "$got" -eq 124 ] && problems+=("timed out after $((c_timeout * ${CM_BAD_TIMEOUT_SCALE:-1}))s")
  [ "$got" -ne "$c_exit" ] && problems+=("exited $got, want $c_exit")
  local w
  for w in "${c_words[@]}"; do
    grep -qF -- "$w" "$TMP/err" || problems+=("stderr lacks \"$w\"")
  done
  [ "$c_exit" -ne 0 ] && snapshot "$W" >"$TMP/after"
  for s in "${c_cleanup[@]}"; do (cd "$W" && eval "$s") >/dev/null 2>&1; done
  if [ "$c_exit" -ne 0 ]; then
    cmp -s "$TMP/before" "$TMP/after" ||
      problems+=("files changed: $(diff "$TMP/before" "$TMP/after" | grep '^[<>]' | head -4 | tr '\n' ' ')")
  fi
  for s in "${c_check[@]}"; do
    (cd "$W" && eval "$s") >/dev/null 2>&1 || problems+=("check failed: $s")
  done
  if [ -n "$c_memory" ] && [ -n "$peak_kb" ] && [ "$peak_kb" -gt $((c_memory * MEMORY_SCALE / 100 * 1024)) ]; then
    problems+=("peak memory $((peak_kb / 1024)) MB > $((c_memory * MEMORY_SCALE / 100)) MB")
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    case_problems="$variant: ${problems[*]}; stderr: $(head -c 400 "$TMP/err" | tr '\n' ' ')"
    # a sanitizer report is useless cut short: keep the whole of it in the log
    if grep -q "Sanitizer" "$TMP/err"; then
      echo "--- full stderr of $c_name ($variant) ---" >&2
      cat "$TMP/err" >&2
    fi
    return 1
  fi
  return 0
}

# Checks in this shell whether the current case should run (filters, missing
# commands, requirements) and makes its generated inputs; returns 1 to skip it.
prepare_case() {
  [ -z "$c_name" ] && return 1
  if [ -n "${CM_BAD_ONLY:-}" ] && ! [[ $c_name =~ $CM_BAD_ONLY ]]; then return 1; fi
  if [ -z "$c_has_args" ] || [ -z "$c_exit" ]; then
    fail "$c_name: a case needs args: and exit:"
    return 1
  fi
  if [ -n "$c_needs" ] && ! has_command "$c_needs"; then
    echo "skip $c_name: chronomap has no '$c_needs' command yet"
    skipped=$((skipped + 1))
    return 1
  fi
  if [ -n "$c_heavy" ] && [ -n "${CM_BAD_LIGHT:-}" ]; then
    echo "skip $c_name: heavy case (CM_BAD_LIGHT)"
    skipped=$((skipped + 1))
    return 1
  fi
  local r
  for r in "${c_require[@]}"; do
    if ! (eval "$r") >/dev/null 2>&1; then
      echo "skip $c_name: requirement not met here: $r"
      skipped=$((skipped + 1))
      return 1
    fi
  done
  [ ${#c_gen[@]} -gt 0 ] && ensure_gen "${c_gen[@]}"
  return 0
}

# Runs the current case (in a subshell of its own: cases run in parallel) and
# leaves "passed failed xfailed" in $RES/<case>.n and its messages in $RES/<case>.log.
execute_case() {
  W=$TMP/case/$c_name
  TMP=$TMP/tmp/$c_name
  mkdir -p "$TMP"
  TMP_ERR=$TMP/err
  passed=0 failed=0 xfailed=0
  local t0=$EPOCHREALTIME
  local variants=(empty existing) v ok=1
  [ -n "$c_heavy" ] || [ -n "${CM_BAD_ONE_VARIANT:-}" ] && variants=(existing)
  case_problems=
  for v in "${variants[@]}"; do
    run_case_once "$v" || { ok=0; break; }
  done
  [ -n "$c_memory" ] && [ -z "$peak_kb" ] && echo "note $c_name: /usr/bin/time missing, memory not checked"
  [ -n "$c_memory" ] && [ -n "$peak_kb" ] &&
    echo "note $c_name: peak memory $((peak_kb / 1024)) MB (limit $((c_memory * MEMORY_SCALE / 100)) MB)"
  if [ -n "$c_xfail" ]; then
    if [ $ok -eq 1 ]; then
      fail "$c_name: passes now but is marked xfail ($c_xfail): remove the xfail line"
    else
      echo "xfail $c_name: $c_xfail"
      xfailed=1
    fi
  elif [ $ok -eq 1 ]; then
    ok
  else
    fail "$c_name: $case_problems"
  fi
  rm -rf "$W" "$TMP"
  echo "$passed $failed $xfailed" >"$RES/$c_name.n"
  echo "$c_name $t0 $EPOCHREALTIME" >"$RES/$c_name.time"
}

RES=$TMP/results
mkdir -p "$RES"
JOBS=${CM_BAD_JOBS:-3}
order=()
run_case_in_pass() {
  if [ $pass = heavy ]; then [ -n "$c_heavy" ] || return 0; else [ -z "$c_heavy" ] || return 0; fi
  run_case
}
run_case() {
  prepare_case || return 0
  order+=("$c_name")
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
  (execute_case >"$RES/$c_name.log" 2>&1) &
}

reset_case() {
  c_name= c_args= c_has_args= c_exit= c_stdin= c_needs= c_heavy= c_memory= c_xfail= c_timeout=60
  c_words=() c_setup=() c_cleanup=() c_check=() c_require=() c_gen=() c_env=()
}

# Two passes over the case files: heavy cases first, so the slow ones run
# alongside the many quick ones instead of after them.
n_cases=0
for pass in heavy light; do
for file in "$BAD"/cases/*.cases; do
  reset_case
  lineno=0
  while IFS= read -r line || [ -n "$line" ]; do
    lineno=$((lineno + 1))
    case $line in '' | '#'*) continue ;; esac
    if [[ $line =~ ^\[([A-Za-z0-9_.-]+)\]$ ]]; then
      next=${BASH_REMATCH[1]}
      run_case_in_pass
      reset_case
      c_name=$next
      [ $pass = heavy ] && n_cases=$((n_cases + 1))
      continue
    fi
    key=${line%%:*}
    value=${line#*:}
    value=${value# }
    case $key in
    args) c_args=$value c_has_args=1 ;;
    exit) c_exit=$value ;;
    words) c_words+=("$value") ;;
    setup) c_setup+=("$value") ;;
    cleanup) c_cleanup+=("$value") ;;
    check) c_check+=("$value") ;;
    require) c_require+=("$value") ;;
    gen) c_gen+=("$value") ;;
    env) c_env+=("$value") ;;
    stdin) c_stdin=$(eval "printf %s \"$value\"") ;;
    needs) c_needs=$value ;;
    heavy) c_heavy=$value ;;
    memory) c_memory=$value ;;
    timeout) c_timeout=$value ;;
    xfail) c_xfail=$value ;;
    *) [ $pass = heavy ] && fail "$(basename "$file"):$lineno: unknown key \"$key\"" ;;
    esac
  done <"$file"
  run_case_in_pass
done
done

wait
for name in "${order[@]}"; do
  cat "$RES/$name.log"
  if [ -f "$RES/$name.n" ]; then
    read -r p f x <"$RES/$name.n"
    passed=$((passed + p)) failed=$((failed + f)) xfailed=$((xfailed + x))
  else
    fail "$name: the case did not finish"
  fi
done
if [ -n "${CM_BAD_TIMES:-}" ]; then
  cat "$RES"/*.time | awk '{ printf "%6.2f s %s\n", $3 - $2, $1 }' | sort -rn | head -"$CM_BAD_TIMES"
fi
echo "$n_cases cases: $skipped skipped, $xfailed known failures (xfail)"
[ "$n_cases" -ge 60 ] || fail "the corpus has $n_cases cases; the issue asks for at least 60"
finish
