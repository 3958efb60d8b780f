#!/usr/bin/env bash
# user-test.sh: one user-space test (tests/user/, docs/testing.md) as CTest runs it.
#
#   user-test.sh linux PROG GUEST_PATH EXPECTED_STATUS [ARGS...]
#       PROG on the host's Linux, as Sprout runs it: in new pid and mount namespaces
#       (unshare -fp --mount-proc) as the child of a PID-1 shell, copied to GUEST_PATH (under
#       /opt, on a tmpfs mounted there) and run by that path, with a fresh tmpfs on /tmp,
#       working directory /, stdin /dev/null and exactly the environment of Sprout's
#       /sbin/init (docs/runner.md). Passes when the exit status is EXPECTED_STATUS, stdout has
#       at least one "ok " line and no "not ok" line.
#   user-test.sh sprout KERNEL INITRD PROG GUEST_PATH EXPECTED_STATUS [ARGS...]
#       The same on Linux, then on Sprout (tools/sprout-run.sh --add PROG:GUEST_PATH -- GUEST_PATH
#       ARGS...); passes when the Linux half passes and Sprout's stdout and exit status are
#       identical to Linux's.
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SPROUT_TIMEOUT=${SPROUT_USER_TEST_TIMEOUT:-60} # seconds for one run on Sprout
# SPROUT_RUN_LOG_DIR (set by CTest): where the kernel logs of the Sprout runs are kept.

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
    echo "FAIL: $*"
    exit 1
}

# run_linux PROG GUEST_PATH ARGS...: stdout in $work/linux.out, stderr in $work/linux.err, status
# in linux_status. The PID-1 shell reports a death by signal N as 128+N, as the runner does.
run_linux() {
    local ns=(-fpu --mount-proc) # -u: sethostname (tests/user/uname.c) must not rename the host
    ((EUID == 0)) || ns+=(--map-root-user) # unprivileged: a user namespace, uid 0 inside as on Sprout
    [[ $2 == /opt/* ]] || fail "the guest path must be under /opt, not $2"
    linux_status=0
    # shellcheck disable=SC2016 # the script is for the inner shell
    unshare "${ns[@]}" sh -c '
        prog=$1 guest=$2
        shift 2
        # /opt first: PROG may live under /tmp, which the next mount hides.
        mount -t tmpfs -o mode=0755 sprout-opt /opt && mkdir -p "$(dirname "$guest")" &&
            cp "$prog" "$guest" ||
            { echo "user-test.sh: cannot put $prog at $guest on a tmpfs" >&2; exit 125; }
        mount -t tmpfs -o mode=1777 sprout-tmp /tmp ||
            { echo "user-test.sh: cannot mount a tmpfs on /tmp" >&2; exit 125; }
        ulimit -c 0
        umask 022
        cd / || exit 125
        env -i HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=linux "$guest" "$@" </dev/null
        exit $?' sprout-pid1 "$(realpath "$1")" "$2" "${@:3}" >"$work/linux.out" 2>"$work/linux.err" ||
        linux_status=$?
}

# check_output NAME FILE STATUS EXPECTED: the ok/not ok verdict of one run.
check_output() {
    local name=$1 out=$2 status=$3 expected=$4 bad=0
    if ((status != expected)); then
        echo "$name: exit status $status, expected $expected"
        bad=1
    fi
    if grep -q '^not ok' "$out"; then
        echo "$name: failed checks:"
        grep '^not ok' "$out" | sed 's/^/  /'
        bad=1
    fi
    if ! grep -q '^ok ' "$out"; then
        echo "$name: no \"ok\" line at all"
        bad=1
    fi
    return "$bad"
}

show() { # show LABEL FILE
    [[ -s $2 ]] || return 0
    echo "--- $1"
    sed 's/^/| /' "$2"
}

mode=${1:-}
case $mode in
linux)
    (($# >= 4)) || fail "usage: user-test.sh linux PROG GUEST_PATH EXPECTED_STATUS [ARGS...]"
    prog=$2 guest=$3 expected=$4
    shift 4
    [[ -x $prog ]] || fail "no test program $prog"
    run_linux "$prog" "$guest" "$@"
    show "stdout (Linux)" "$work/linux.out"
    show "stderr (Linux)" "$work/linux.err"
    check_output "Linux" "$work/linux.out" "$linux_status" "$expected" || fail "$(basename "$prog") on Linux"
    echo "PASS: $(basename "$prog") on Linux (exit status $linux_status)"
    ;;
sprout)
    (($# >= 6)) || fail "usage: user-test.sh sprout KERNEL INITRD PROG GUEST_PATH EXPECTED_STATUS [ARGS...]"
    kernel=$2 initrd=$3 prog=$4 guest=$5 expected=$6
    shift 6
    [[ -x $prog ]] || fail "no test program $prog"
    run_linux "$prog" "$guest" "$@"
    check_output "Linux" "$work/linux.out" "$linux_status" "$expected" >"$work/linux.verdict" ||
        {
            cat "$work/linux.verdict"
            fail "$(basename "$prog"): the Linux half fails, so the comparison means nothing"
        }
    sprout_status=0
    "$here/sprout-run.sh" --kernel "$kernel" --initrd "$initrd" --timeout "$SPROUT_TIMEOUT" -v \
        ${SPROUT_RUN_LOG_DIR:+--log-dir "$SPROUT_RUN_LOG_DIR"} \
        --add "$prog:$guest" -- "$guest" "$@" >"$work/sprout.out" 2>"$work/sprout.err" || sprout_status=$?
    show "stdout (Sprout)" "$work/sprout.out"
    show "stderr (Sprout; the runner's messages too)" "$work/sprout.err"
    bad=0
    if ! cmp -s "$work/linux.out" "$work/sprout.out"; then
        echo "--- stdout differs: diff Linux Sprout"
        diff "$work/linux.out" "$work/sprout.out" | sed 's/^/| /'
        bad=1
    fi
    if ((sprout_status != linux_status)); then
        echo "exit status differs: Linux $linux_status, Sprout $sprout_status"
        bad=1
    fi
    ((bad == 0)) || fail "$(basename "$prog"): Sprout differs from Linux"
    echo "PASS: $(basename "$prog") on Sprout, identical to Linux (exit status $sprout_status)"
    ;;
*) fail "usage: user-test.sh linux|sprout ..." ;;
esac
