# lib.sh — helpers for the end-to-end CLI tests (sourced, not a test itself).
# Each test prints "N passed, N failed" and exits non-zero on any failure.
set -u
: "${CHRONOMAP:?set CHRONOMAP to the built binary}"
: "${CM_SRCDIR:?set CM_SRCDIR to the source tree}"
export LC_ALL=C.UTF-8
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
check() { # DESCRIPTION CONDITION...
  local what=$1
  shift
  if "$@"; then ok; else fail "$what"; fi
}
# run EXPECTED_STATUS ARGS... — runs chronomap, captures stderr in $TMP/err
run() {
  local want=$1
  shift
  "$CHRONOMAP" "$@" >"$TMP/out" 2>"$TMP/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    fail "chronomap $* exited $got, want $want: $(head -c 600 "$TMP/err")"
    return 1
  fi
  ok
  return 0
}
finish() {
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
