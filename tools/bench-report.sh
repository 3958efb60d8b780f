#!/usr/bin/env bash
# bench-report.sh LINUX_OUT SPROUT_OUT TSV: the side-by-side table of ./sprout bench
# (docs/bench.md) from the two outputs of bench/bench.c.
#
# Reads the `result NAME VALUE` and `result NAME FAILED WHY` lines of each output (either file
# may be missing or cut short: its workloads are then "n/a"), prints the table on stdout:
#
#   workload  Linux  Sprout  Sprout/Linux  unit
#
# and writes the same as tab-separated values to TSV, with a header line and these columns:
#   workload unit linux sprout ratio linux_note sprout_note
# where linux, sprout and ratio are numbers or "n/a", and a note says why a value is missing
# (the errno name the program reported, or "missing" when its output stopped before it).
# Workloads appear in the order the program printed them (Linux's output first).
set -euo pipefail

(($# == 3)) || {
    echo "usage: bench-report.sh LINUX_OUT SPROUT_OUT TSV" >&2
    exit 2
}
linux_out=$1 sprout_out=$2 tsv=$3
[[ -e $linux_out ]] || linux_out=/dev/null
[[ -e $sprout_out ]] || sprout_out=/dev/null

tmp_tsv=$tsv.tmp
LC_ALL=C awk -v tsv="$tmp_tsv" -v linux_file="$linux_out" '
function unit(name) {
    if (name ~ /^cow_fault_per_page\./) return "us/page"
    if (name == "procs_per_second") return "proc/s"
    return "us"
}
function fmt(v, u) {
    if (v == "n/a") return v
    if (u == "us/page") return sprintf("%.2f", v)
    if (u == "proc/s") return sprintf("%.0f", v)
    return sprintf("%.1f", v)
}
# One file, one kernel (k = 1 for Linux, 2 for Sprout). (Not by counting files: an empty one
# has no first line.)
{ k = (FILENAME == linux_file) ? 1 : 2 }
{ sub(/\r$/, "") }
$1 == "result" && NF >= 3 {
    name = $2
    if (!(name in seen)) { seen[name] = 1; order[++n] = name }
    if ($3 == "FAILED") {
        note[k, name] = (NF >= 4 ? $4 : "failed")
    } else if ($3 ~ /^[0-9]+(\.[0-9]+)?$/) {
        value[k, name] = $3
    } else {
        note[k, name] = "unparsable"
    }
}
END {
    if (n == 0) exit 1
    printf "workload\tunit\tlinux\tsprout\tratio\tlinux_note\tsprout_note\n" > tsv
    printf "%-26s %12s %12s %13s  %s\n", "workload", "Linux", "Sprout", "Sprout/Linux", "unit"
    for (i = 1; i <= n; i++) {
        name = order[i]; u = unit(name)
        for (j = 1; j <= 2; j++) {
            if ((j, name) in value) { v[j] = value[j, name]; why[j] = "" }
            else { v[j] = "n/a"; why[j] = ((j, name) in note) ? note[j, name] : "missing" }
        }
        ratio = (v[1] != "n/a" && v[2] != "n/a" && v[1] + 0 > 0) ? sprintf("%.2f", v[2] / v[1]) : "n/a"
        printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", name, u, v[1], v[2], ratio, why[1], why[2] > tsv
        for (j = 1; j <= 2; j++) {
            shown[j] = fmt(v[j], u)
            if (v[j] == "n/a" && why[j] != "missing") shown[j] = "n/a " why[j]
        }
        printf "%-26s %12s %12s %13s  %s\n", name, shown[1], shown[2], ratio, (u == "us" ? "µs" : u == "us/page" ? "µs per page" : "processes/s, higher is better")
    }
}' "$linux_out" "$sprout_out" || {
    rm -f "$tmp_tsv"
    echo "bench-report.sh: no result lines in $linux_out or $sprout_out" >&2
    exit 1
}
mv "$tmp_tsv" "$tsv"
