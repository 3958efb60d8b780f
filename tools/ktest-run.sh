#!/usr/bin/env bash
# ktest-run.sh KERNEL INITRD NAME: boot Sprout with ktest=NAME and judge the outcome (one CTest
# test). A normal test passes when the kernel printed "ok NAME" and powered off with status 0.
# A test that announces it expects a panic passes only when the kernel panicked, reported the
# test as failed ("not ok NAME (panic)") and named the test's function in the backtrace.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/qemu.sh"
kernel=$1 initrd=$2 name=$3
# Wall-clock seconds: the longest ktests take about 15 s alone, four times that on a host busy
# with a parallel test run; CTest's own limit (120 s) stays above this one.
timeout_s=${KTEST_TIMEOUT:-110}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
# -icount: guest time advances with guest instructions only, so the timing tests (sleeps, ticks)
# see the same times however busy the host is.
qemu_command "$kernel" "$initrd" 256 "ktest=$name" -display none -monitor none -serial stdio -icount shift=0,sleep=off
timeout --foreground -k 5 "$timeout_s" "${QEMU_CMD[@]}" </dev/null >"$log" 2>&1
rc=$?
tr -d '\r' <"$log" | sed 's/^/| /'

if ((rc == 124 || rc == 137)); then
    echo "FAIL: ktest $name: no result within ${timeout_s}s (the kernel hung)"
    exit 1
fi
status=$(qemu_kernel_status "$rc")
out=$(tr -d '\r' <"$log" | sed 's/^\[ *[0-9.]*\] //')

if grep -qx "ktest: running $name (expects a panic)" <<<"$out"; then
    if ((status == 3)) && grep -qx "not ok $name (panic)" <<<"$out" &&
        sed -n '/^Backtrace:/,$p' <<<"$out" | grep -q "ktest_$name("; then
        echo "PASS: ktest $name panicked as expected, its function in the backtrace"
        exit 0
    fi
    echo "FAIL: ktest $name was expected to panic with itself in the backtrace (kernel status $status)"
    exit 1
fi
if ((status == 0)) && grep -qx "ok $name" <<<"$out"; then
    echo "PASS: ktest $name"
    exit 0
fi
echo "FAIL: ktest $name (kernel status $status, QEMU status $rc)"
exit 1
