#!/usr/bin/env bash
# runner_test.sh DECODER: tools/sprout-run.sh against a fake QEMU (fake-qemu.sh) that follows
# docs/runner.md: CMD's stdout and stderr arrive byte for byte and apart from the kernel log,
# the status line becomes the exit status, and panic, silence, timeout, QEMU failure and usage
# errors end the way docs/runner.md says.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$here/../..
export FAKE_QEMU_DECODER=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
ln -s "$here/fake-qemu.sh" "$work/bin/qemu-system-x86_64"
export PATH=$work/bin:$PATH
: >"$work/kernel.elf"
"$root/tools/mkinitramfs.sh" "$work/base.cpio"
failed=0

# run [RUNNER_ARGS...]: runs the runner; sets rc, and out/err files.
run() {
    rc=0
    "$root/tools/sprout-run.sh" --kernel "$work/kernel.elf" --initrd "$work/base.cpio" \
        --log-dir "$work/logs" "$@" >"$work/out" 2>"$work/err" || rc=$?
}
check() { # check NAME COND...
    local name=$1
    shift
    if "$@"; then
        echo "ok $name"
    else
        echo "not ok $name"
        echo "#   rc=$rc stdout:"
        od -c "$work/out" | head -5 | sed 's/^/#     /'
        echo "#   stderr:"
        sed 's/^/#     /' "$work/err" | head -20
        failed=1
    fi
}
same_bytes() { cmp -s "$1" <(printf '%s' "$2"); }

out_bytes=$'line one\nno newline at the end\r\n\ttab \xff\xfe é'
err_bytes=$'error line\n\nsecond\r'
run -- emit "$out_bytes" "$err_bytes" 42
check emit_status [ "$rc" -eq 42 ]
check emit_stdout_exact same_bytes "$work/out" "$out_bytes"
check emit_stderr_exact same_bytes "$work/err" "$err_bytes"
check log_has_status grep -q 'sprout: exit status 42' "$work/logs/LAST.log"

run -- emit "" "" 0
check empty_output [ "$rc" -eq 0 ] && check nothing_on_stdout [ ! -s "$work/out" ] &&
    check nothing_on_stderr [ ! -s "$work/err" ]

run -- emit x y 255
check status_255 [ "$rc" -eq 255 ]

run -- big 3000000
check big_output [ "$rc" -eq 0 ] &&
    check big_output_exact cmp -s "$work/out" <(yes 'abcdefghijklmnopqrstuvwxyz0123456789' | head -c 3000000)

# Appending to a file keeps what was there (QEMU does not reopen and truncate our stdout).
printf 'before\n' >"$work/appended"
rc=0
"$root/tools/sprout-run.sh" --kernel "$work/kernel.elf" --initrd "$work/base.cpio" -- emit "after" "" 0 \
    >>"$work/appended" 2>"$work/err" || rc=$?
check append_keeps_content same_bytes "$work/appended" $'before\nafter'

echo data >"$work/file.txt"
run --add "$work/file.txt:/opt/file.txt" --add "$work/file.txt:opt/dir/f" -- listinitrd
check add_files [ "$rc" -eq 0 ] && check add_files_listed grep -qx opt/file.txt "$work/out" &&
    check add_files_relative_guest grep -qx opt/dir/f "$work/out" &&
    check add_keeps_base grep -qx etc/passwd "$work/out"

run -- panic
check panic_125 [ "$rc" -eq 125 ] && check panic_said grep -q 'panicked' "$work/err" &&
    check panic_log_tail grep -q '^| .*PANIC: page fault' "$work/err" &&
    check panic_stdout_clean [ ! -s "$work/out" ]

run -- silent
check silent_125 [ "$rc" -eq 125 ] && check silent_said grep -q 'without reporting' "$work/err"

run -- late 7
check late_status_kept [ "$rc" -eq 7 ] && check late_warned grep -q 'warning' "$work/err"

run --timeout 2 -- hang
check timeout_124 [ "$rc" -eq 124 ] && check timeout_said grep -q 'timed out after 2s' "$work/err"

run -- qemufail
check qemu_failure_125 [ "$rc" -eq 125 ] && check qemu_failure_shown grep -q 'no such file' "$work/err"

run -v -- emit "" "" 0
check verbose_shows_command grep -q '^qemu-system-x86_64 .*-serial' "$work/err" &&
    check verbose_shows_log grep -q "kernel log: $work/logs/run-" "$work/err"

# Usage errors: exit 2 before booting.
run --
check dashdash_alone_2 [ "$rc" -eq 2 ]
run --add /nonexistent:/x -- emit "" "" 0
check add_missing_2 [ "$rc" -eq 2 ]
run --add nocolon -- emit "" "" 0
check add_no_colon_2 [ "$rc" -eq 2 ]
run --timeout 0 -- emit "" "" 0
check timeout_zero_2 [ "$rc" -eq 2 ]
run -- emit "$(printf '%01500d' 0 | tr 0 ' ')" "" 0
check cmdline_too_long_2 [ "$rc" -eq 2 ] && check cmdline_too_long_said grep -q 'limit' "$work/err"
run --bogus -- emit "" "" 0
check unknown_option_2 [ "$rc" -eq 2 ]

exit "$failed"
