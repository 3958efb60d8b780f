#!/usr/bin/env bash
# bench.host (CTest): the benchmark program runs on the host's Linux, a few runs of everything at
# small sizes, and every workload gives a number (no FAILED), ending with "done". Only a check
# that the program works; its numbers are not looked at (benchmarks are never timed tests).
set -euo pipefail
bench=$1
out=$("$bench" -n 3 --sizes 0,1,2 --cow-mib 1 --rate-ms 5)
echo "$out"
# pthread, procs/s, COW; 4 workloads x 3 sizes; fork_exit_wait_4k x 2 sizes; execve; shell_pipeline.
results=$(grep -c '^result [a-z_0-9.A-Z]* [0-9][0-9.]*$' <<<"$out" || true)
if grep -q FAILED <<<"$out" || [[ $(tail -n 1 <<<"$out") != "done" ]] || ((results != 19)); then
    echo "FAIL: expected 19 numeric results and a final 'done', got $results" >&2
    exit 1
fi
echo "bench.host: ok"
