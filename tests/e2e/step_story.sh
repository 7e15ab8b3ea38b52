# End-to-end tests of the step chart's annotations: every step labelled, on its own or
# in a cluster with its neighbour; a step where a member leaves names who left.
. "$(dirname "$0")/lib.sh"
D=$CM_SRCDIR/data
M=$D/nato/members.csv
EU=$CM_SRCDIR/tests/map/eu-like.csv

# --- NATO at 680 wide (default style): Sweden's 2024 step joins Finland's 2023 ---
run 0 timeline "$M" --layout step -o "$TMP/nato.svg" --report "$TMP/nato.json"
check "no dropped label" sh -c "! grep -q 'dropped label' '$TMP/err'"
check "report: nothing dropped" grep -q '"dropped" : \[\]' "$TMP/nato.json"
check "the last steps as one cluster, ending at 32" grep -q '"text" : "2023, 2024\\n+2 → 32"' "$TMP/nato.json"
check "no note line" sh -c "! grep -q 'not labelled' '$TMP/nato.json'"
# every step's new count appears in a label (a cluster shows its last)
for c in 12 14 15 16 19 26 28 29 30 32; do
  check "count $c labelled" grep -q "→ $c\"" "$TMP/nato.json"
done

# --- an exit is labelled as an exit, not by the group its member once joined with ---
run 0 timeline "$EU" --layout step -o "$TMP/eu.svg" --report "$TMP/eu.json"
check "the UK's exit: who left" grep -q '"text" : "United Kingdom leaves\\n-1 → 9"' "$TMP/eu.json"
check "not headed by the entry date" sh -c "! grep -q '\"1 Jan 1973\\\\n-1' '$TMP/eu.json'"
run 0 timeline "$EU" --layout step --lang de -o "$TMP/eu-de.svg" --report "$TMP/eu-de.json"
check "the exit in German" grep -q 'United Kingdom tritt aus' "$TMP/eu-de.json"

# --- even a tiny canvas labels every step, in clusters ---
run 0 timeline "$M" --layout step --size 240x200 -o "$TMP/tiny.svg" --report "$TMP/tiny.json"
check "tiny: no dropped label" sh -c "! grep -q 'dropped label' '$TMP/err'"
check "tiny: the last label ends at 32" grep -q '→ 32"' "$TMP/tiny.json"

finish
