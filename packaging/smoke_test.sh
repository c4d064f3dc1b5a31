#!/bin/sh
# Smoke test of a built bundle or installed command: the demo plan to a workbook, and the
# app rendering its views offscreen.   packaging/smoke_test.sh PATH/TO/rotation-planner
set -eu
exe="$1"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export QT_QPA_PLATFORM=offscreen ROTATION_PLANNER_HOME="$out/home"
"$exe" --version
"$exe" plan --demo --xlsx "$out/demo.xlsx" > "$out/plan.txt"
test -s "$out/demo.xlsx" || { echo "smoke test: no workbook written" >&2; exit 1; }
grep -q "Trades" "$out/plan.txt" || { echo "smoke test: no plan printed" >&2; exit 1; }
"$exe" gui --demo --screenshot "$out/shots"
count=$(ls "$out/shots"/*.png 2>/dev/null | wc -l)
test "$count" -ge 5 || { echo "smoke test: expected a screenshot per view, got $count" >&2; exit 1; }
echo "smoke test passed: $exe (workbook $(wc -c < "$out/demo.xlsx") bytes, $count screenshots)"
