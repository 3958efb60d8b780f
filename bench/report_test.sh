#!/usr/bin/env bash
# bench.report (CTest): tools/bench-report.sh makes the right table and TSV from canned output of
# the benchmark program: Linux's with the serial port's \r\n line ends, Sprout's with failed
# workloads, a value that is not a number, a workload only one side has, and Sprout's output cut
# short (workloads it never reached are "n/a", noted "missing"). A missing output file counts
# as empty; no result at all is an error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
report=$here/../tools/bench-report.sh
data=$here/testdata
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$report" "$data/linux.out" "$data/sprout.out" "$work/results.tsv" >"$work/table.txt"
diff -u "$data/expected.txt" "$work/table.txt"
diff -u "$data/expected.tsv" "$work/results.tsv"

# Sprout's output missing altogether: every Sprout value is n/a, "missing".
"$report" "$data/linux.out" "$work/no-such-file" "$work/linux-only.tsv" >/dev/null
if awk -F'\t' 'NR > 1 && ($4 != "n/a" || $7 != "missing") { bad = 1 } END { exit !bad }' "$work/linux-only.tsv"; then
    echo "FAIL: with no Sprout output, a Sprout value is not n/a/missing" >&2
    exit 1
fi

# Nothing at all: exit 1, no TSV.
if "$report" /dev/null "$work/no-such-file" "$work/none.tsv" 2>/dev/null; then
    echo "FAIL: no results, yet bench-report.sh succeeded" >&2
    exit 1
fi
[[ ! -e $work/none.tsv ]] || {
    echo "FAIL: no results, yet a TSV was written" >&2
    exit 1
}
echo "bench.report: ok"
