#!/usr/bin/env bash
# shell-test.sh: the shell test suite (tests/shell/, docs/testing.md) as CTest runs it.
#
#   shell-test.sh linux --build-dir DIR --cases DIR
#       Boots Debian's Linux once with the same busybox-static as Sprout's and runs every case
#       DIR/NAME.sh with busybox sh (tools/shell-cases.sh). Each case's stdout, stderr and exit
#       status land in BUILD/shell/linux/NAME.{out,err,status}. Passes when every case produced a
#       result.
#   shell-test.sh compare NAME --build-dir DIR --cases DIR [--linux-only]
#       One case: its status on Linux must be the one its script expects (a line
#       "# expect-status: N", default 0); then it runs on Sprout (one boot per case, so that a
#       case cannot take the others down with it), and Sprout's stdout and status must be
#       identical to Linux's. With --linux-only (a case pending on Sprout) only the first part.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/qemu.sh"
source "$here/debian-linux.sh"

MEM=512 # MiB, both kernels
TIMEOUT=900 # seconds for one whole boot

usage_error() {
    echo "shell-test.sh: $*" >&2
    echo "usage: shell-test.sh linux --build-dir DIR --cases DIR" >&2
    echo "       shell-test.sh compare NAME --build-dir DIR --cases DIR [--linux-only]" >&2
    exit 2
}

(($# >= 1)) || usage_error "too few arguments"
mode=$1 what=""
shift
if [[ $mode == compare ]]; then
    (($# >= 1)) || usage_error "compare needs a case name"
    what=$1
    shift
fi
build_dir="" cases="" linux_only=0
while (($#)); do
    case $1 in
    --build-dir | --cases)
        (($# >= 2)) || usage_error "$1 needs a value"
        if [[ $1 == --build-dir ]]; then build_dir=$2; else cases=$2; fi
        shift 2
        ;;
    --linux-only)
        linux_only=1
        shift
        ;;
    *) usage_error "unknown argument '$1'" ;;
    esac
done
[[ -n $build_dir && -n $cases ]] || usage_error "--build-dir and --cases are needed"
out_root=$build_dir/shell

# split RAW OUTDIR: the guest's record (tools/shell-cases.sh) into OUTDIR/NAME.{out,err,status}.
split() {
    local raw=$1 dir=$2 line name="" part="" status
    rm -rf "$dir"
    mkdir -p "$dir"
    while IFS= read -r line; do
        line=${line%$'\r'}
        case $line in
        "=== done") touch "$dir/.done" ;;
        "=== end") part="" ;;
        "=== stderr "*) part=err ;;
        "=== "*)
            read -r name status <<<"${line#=== }"
            echo "$status" >"$dir/$name.status"
            : >"$dir/$name.out.b64"
            : >"$dir/$name.err.b64"
            part=out
            ;;
        *) [[ -z $part ]] || echo "$line" >>"$dir/$name.$part.b64" ;;
        esac
    done <"$raw"
    local f
    for f in "$dir"/*.b64; do
        [[ -e $f ]] || continue
        base64 -d <"$f" >"${f%.b64}" || true
        rm -f "$f"
    done
}

run_linux() {
    local dir=$out_root/linux tmp cpio rc=0
    fetch_linux "$build_dir/linux" || exit 1
    mkdir -p "$out_root"
    tmp=$(mktemp -d "$out_root/linux-root.XXXXXX")
    cpio=$out_root/linux-initramfs.cpio
    mkdir -p "$tmp/sys"
    cat >"$tmp/init" <<'EOF'
#!/bin/sh
# PID 1 on Debian's Linux for the shell tests (written by tools/shell-test.sh): the cases run as
# on Sprout, a child of PID 1 in /, with Sprout's /sbin/init environment; their record goes to
# the second serial port, as Sprout's /dev/sprout/stdout.
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
stty -F /dev/ttyS1 raw -echo
cd /
umask 022
env -i HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=linux /bin/sh /opt/shell-cases.sh </dev/null >/dev/ttyS1 2>&1
poweroff -f
EOF
    chmod 0755 "$tmp/init"
    "$here/mkinitramfs.sh" --busybox /bin/busybox "$cpio" "$tmp/init:/init" "$tmp/sys:/sys" \
        "$cases:/opt/shell" "$here/shell-cases.sh:/opt/shell-cases.sh"
    rm -rf "$tmp"
    qemu_command "$LINUX_VMLINUZ" "$cpio" "$MEM" "console=ttyS0 quiet rdinit=/init panic=-1" \
        -display none -monitor none -parallel none \
        -serial "file:$out_root/linux-console.log" -serial "file:$out_root/linux.raw"
    timeout --foreground -k 5 "$TIMEOUT" "${QEMU_CMD[@]}" </dev/null 2>"$out_root/linux-qemu.err" || rc=$?
    split "$out_root/linux.raw" "$dir"
    rm -f "$cpio"
    if [[ ! -e $dir/.done ]]; then
        echo "shell-test.sh: Linux did not finish the cases (QEMU status $rc); console: $out_root/linux-console.log"
        tail -n 20 "$out_root/linux-console.log" | tr -d '\r' | sed 's/^/| /'
        exit 1
    fi
}

run_sprout() { # run_sprout NAME
    local dir=$out_root/sprout rc=0
    mkdir -p "$dir"
    "$here/sprout-run.sh" --kernel "$build_dir/kernel/sprout.elf" --initrd "$build_dir/initramfs.cpio" \
        --log-dir "$build_dir/run-logs" --mem "$MEM" --timeout 120 \
        --add "$cases/$1.sh:/opt/shell/$1.sh" --add "$here/shell-cases.sh:/opt/shell-cases.sh" \
        -- /bin/sh /opt/shell-cases.sh "$1" >"$dir/$1.raw" 2>"$dir/$1.runner" || rc=$?
    split "$dir/$1.raw" "$dir/$1.d"
    if [[ ! -e $dir/$1.d/.done ]]; then
        echo "FAIL: Sprout did not finish the case (runner status $rc)"
        sed 's/^/| /' "$dir/$1.runner"
        exit 1
    fi
}

compare() {
    local name=$1 script=$cases/$1.sh expected=0 bad=0 linux=$out_root/linux sprout=$out_root/sprout/$1.d
    [[ -f $script ]] || usage_error "no case $script"
    expected=$(sed -nE 's/^# expect-status: ([0-9]+).*$/\1/p' "$script" | head -n 1)
    expected=${expected:-0}
    [[ -f $linux/$name.status ]] || {
        echo "FAIL: no Linux result for $name (see the test shell.linux)"
        exit 1
    }
    if [[ $(cat "$linux/$name.status") != "$expected" ]]; then
        echo "FAIL: on Linux $name exits $(cat "$linux/$name.status"), the case expects $expected: a wrong case"
        sed 's/^/| /' "$linux/$name.out" "$linux/$name.err"
        exit 1
    fi
    ((linux_only == 0)) || exit 0
    run_sprout "$name"
    if [[ $(cat "$sprout/$name.status") != "$expected" ]]; then
        echo "FAIL: on Sprout $name exits $(cat "$sprout/$name.status"), on Linux $expected"
        bad=1
    fi
    if ! cmp -s "$linux/$name.out" "$sprout/$name.out"; then
        echo "FAIL: stdout differs (- Linux, + Sprout):"
        diff -u "$linux/$name.out" "$sprout/$name.out" | tail -n +3 | head -n 40 || true
        bad=1
    fi
    if ((bad)); then
        echo "Sprout's stderr:"
        sed 's/^/| /' "$sprout/$name.err"
        exit 1
    fi
    echo "ok: $name identical on Linux and Sprout"
}

case $mode in
linux)
    run_linux
    echo "ok: $(find "$out_root/linux" -name '*.status' | wc -l) cases ran on Linux"
    ;;
compare) compare "$what" ;;
*) usage_error "unknown mode '$mode'" ;;
esac
