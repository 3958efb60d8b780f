#!/usr/bin/env bash
# runner.trace: ./sprout run's --trace fork and --trace syscalls on a real boot. A pipeline must
# show, on stderr after the command's own output, the shell's pipe2, its two clones with their
# copy_process() steps, the children's dup2 and exit_group, and the shell's wait4 of each child
# with its decoded status (docs/pipeline.md).
#   trace_test.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "$0")/../../tools" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

"$here/sprout-run.sh" --kernel "$build/kernel/sprout.elf" --initrd "$build/initramfs.cpio" \
    --log-dir "$build/run-logs" --timeout 90 --trace fork --trace syscalls \
    -- sh -c 'echo traced | cat; exit 3' >"$out/stdout" 2>"$out/stderr" || status=$?

failed=0
check() { # check DESCRIPTION EXTENDED-REGEX FILE
    if grep -Eq -- "$2" "$3"; then
        echo "ok $1"
    else
        echo "not ok $1: no line matches /$2/ in $3"
        failed=1
    fi
}
[[ ${status:-0} == 3 ]] && echo "ok exit status 3" || { echo "not ok exit status ${status:-0}, not 3"; failed=1; }
[[ $(cat "$out/stdout") == traced ]] && echo "ok stdout is the command's alone" || { echo "not ok stdout:"; cat "$out/stdout"; failed=1; }
check "pipe2 with its two descriptors" '^\[2\] pipe2\(\[[0-9]+, [0-9]+\], 0\) = 0$' "$out/stderr"
check "clone with flags by name" '^\[2\] clone\(CLONE_CHILD_CLEARTID\|CLONE_CHILD_SETTID\|SIGCHLD, .*\) = [0-9]+$' "$out/stderr"
check "a child dup2s the pipe onto stdout" '^\[[0-9]+\] dup2\([0-9]+, 1\) = 1$' "$out/stderr"
check "a child dup2s the pipe onto stdin" '^\[[0-9]+\] dup2\([0-9]+, 0\) = 0$' "$out/stderr"
check "a child exits" '^\[[0-9]+\] exit_group\(0\)$' "$out/stderr"
check "wait4 with the decoded status" '^\[2\] wait4\(-1, \[exited 0\], .*\) = [0-9]+$' "$out/stderr"
check "the shell's own exit" '^\[2\] exit_group\(3\)$' "$out/stderr"
check "an error by name" '= -1 E[A-Z]+$' "$out/stderr"
check "the fork trace's copy_mm step" '^  copy_mm +[0-9]+\.[0-9]+ us  copied: ' "$out/stderr"
if grep -Ev '^(\[[0-9]+\] |clone: |fork: |vfork: |clone3: |  )' "$out/stderr" | grep -q .; then
    echo "not ok stderr has only trace lines:"
    grep -Ev '^(\[[0-9]+\] |clone: |fork: |vfork: |clone3: |  )' "$out/stderr" | head
    failed=1
fi
if ((failed)); then
    echo "FAIL (stderr kept below)"
    sed 's/^/| /' "$out/stderr" | head -200
    exit 1
fi
echo PASS
