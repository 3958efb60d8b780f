#!/usr/bin/env bash
# bench.sh --build-dir DIR [options]: ./sprout bench after the build (docs/bench.md).
#
# Runs bench/bench.c's program on Debian's own Linux kernel and on Sprout, under the same QEMU
# command line (tools/qemu.sh's, plus -icount shift=0,sleep=off: 1 ns of guest time per
# instruction, so every number repeats exactly), both at once (each is one QEMU; guest time does
# not depend on the host's load), then prints the side-by-side table (tools/bench-report.sh),
# writes DIR/bench/results.tsv and plots fork latency against parent size into
# DIR/bench/fork-latency.png (gnuplot).
#
# Debian's kernel: the package that linux-image-amd64 depends on (linux-image-6.1.0-N-amd64 on
# bookworm), fetched with `apt-get download` and unpacked (only /boot/vmlinuz-*) into
# DIR/linux/PACKAGE_VERSION/. It boots with a busybox-static initramfs whose /init runs the
# program as Sprout's runner does (child of PID 1, in /, the same environment), with its stdout
# on the second serial port, as on Sprout.
#
# Exit status 0 whenever a table could be made, even when a kernel failed some or all workloads
# (they are "n/a") or there was nothing to plot; 1 when neither kernel produced a result; 2 for
# a usage error.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/qemu.sh"
source "$here/debian-linux.sh"

usage() {
    cat <<'EOF'
usage: tools/bench.sh --build-dir DIR [-n RUNS] [--sizes MiB,...] [--timeout SECONDS]
                      [--only linux|sprout] [-v]
EOF
}

usage_error() {
    echo "sprout: $*" >&2
    echo "sprout: see ./sprout help" >&2
    exit 2
}

build_dir="" runs=31 sizes=0,16,256,1024 timeout_s=600 only="" verbose=0
MEM=4096 # MiB: room for the 1 GiB parent and its copies
while (($#)); do
    case $1 in
    --build-dir)
        (($# >= 2)) || usage_error "$1 needs a value"
        build_dir=$2
        shift
        ;;
    -n | --timeout)
        (($# >= 2)) || usage_error "$1 needs a value"
        [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "$1 wants a positive number, not '$2'"
        if [[ $1 == -n ]]; then runs=$2; else timeout_s=$2; fi
        shift
        ;;
    --sizes)
        (($# >= 2)) || usage_error "$1 needs a value"
        [[ $2 =~ ^[0-9]+(,[0-9]+)*$ ]] || usage_error "--sizes wants MiB,MiB,... in increasing order, not '$2'"
        sizes=$2
        shift
        ;;
    --only)
        (($# >= 2)) || usage_error "$1 needs a value"
        [[ $2 == linux || $2 == sprout ]] || usage_error "--only wants linux or sprout, not '$2'"
        only=$2
        shift
        ;;
    -v) verbose=1 ;;
    -h | --help)
        usage
        exit 0
        ;;
    *) usage_error "unknown bench option '$1'" ;;
    esac
    shift
done
[[ -n $build_dir ]] || usage_error "bench.sh needs --build-dir"

out_dir=$build_dir/bench
bench_prog=$out_dir/bench
bench_true=$out_dir/bench-true
kernel=$build_dir/kernel/sprout.elf
initrd=$build_dir/initramfs.cpio
for f in "$bench_prog" "$bench_true" "$kernel" "$initrd"; do
    [[ -f $f ]] || {
        echo "sprout: $f is missing (build first: ./sprout build)" >&2
        exit 1
    }
done
# The arguments of the benchmark program, the same on both kernels.
bench_args=(-n "$runs" --sizes "$sizes")
# Inputs that would otherwise differ from boot to boot, for both kernels: the RDRAND/RDSEED
# values QEMU gives the guest (-seed: Linux seeds its RNG, and so ASLR, from them) and the
# real-time clock (fixed start, running in guest time). With these, -icount and an initramfs
# that is the same bytes every time (mkinitramfs.sh --reproducible), Linux's numbers repeat
# exactly from run to run (without them they moved by up to 12%).
# shellcheck disable=SC2054 # the comma is QEMU syntax
DETERMINISM=(-seed 1 -rtc base=2024-01-01T00:00:00,clock=vm)
# What both kernels get from QEMU besides -kernel, -initrd and -append: tools/sprout-run.sh adds
# exactly these for ./sprout run --icount --qemu-arg ... (keep them in step).
qemu_flags() { # qemu_flags LOG STDOUT STDERR
    # shellcheck disable=SC2054 # the comma is QEMU syntax
    QEMU_EXTRA=(-display none -monitor none -parallel none
        -serial "file:$1" -serial "file:$2" -serial "file:$3" "${DETERMINISM[@]}"
        -icount shift=0,sleep=off)
}

# --- Debian's Linux kernel ----------------------------------------------------------------------

# The initramfs for Linux: busybox-static, the two programs, and an /init that runs the
# program as Sprout's runner does (docs/runner.md) and powers off.
make_linux_initramfs() { # make_linux_initramfs OUT.cpio
    local tmp=$out_dir/linux-root arg quoted=""
    rm -rf "$tmp"
    mkdir -p "$tmp/sys"
    for arg in "${bench_args[@]}"; do
        quoted+=" $(printf '%q' "$arg")"
    done
    cat >"$tmp/init" <<EOF
#!/bin/sh
# PID 1 on Debian's Linux for ./sprout bench (written by tools/bench.sh).
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# Bytes unchanged on the serial ports, as Sprout's /dev/sprout/stdout and stderr.
stty -F /dev/ttyS1 raw -echo
stty -F /dev/ttyS2 raw -echo
cd /
umask 022
env -i HOME=/ PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=linux \\
    /opt/bench$quoted </dev/null >/dev/ttyS1 2>/dev/ttyS2
echo "bench: exit status \$?" >/dev/console
poweroff -f
EOF
    chmod 0755 "$tmp/init"
    "$here/mkinitramfs.sh" --reproducible --busybox /bin/busybox "$1" "$tmp/init:/init" "$tmp/sys:/sys" \
        "$bench_prog:/opt/bench" "$bench_true:/opt/bench-true"
    rm -rf "$tmp"
}

# Boots Debian's kernel; the program's stdout in $out_dir/linux.out, the console in
# $out_dir/linux-console.log. Prints what went wrong, if anything; returns 0 regardless.
run_linux() {
    local cpio=$out_dir/linux-initramfs.cpio log=$out_dir/linux-console.log rc=0 status
    make_linux_initramfs "$cpio" || {
        echo "sprout: cannot build the initramfs for Linux" >&2
        return 0
    }
    qemu_flags "$log" "$out_dir/linux.out" "$out_dir/linux.err"
    qemu_command "$LINUX_VMLINUZ" "$cpio" "$MEM" "console=ttyS0 quiet rdinit=/init panic=-1" \
        "${QEMU_EXTRA[@]}"
    ((verbose == 0)) || {
        echo "sprout: Linux:" >&2
        print_command "${QEMU_CMD[@]}" >&2
    }
    timeout --foreground -k 5 "$timeout_s" "${QEMU_CMD[@]}" </dev/null 2>"$out_dir/linux-qemu.err" || rc=$?
    if ((rc == 124 || rc == 137)); then
        echo "sprout: Linux: timed out after ${timeout_s}s (console: $log)" >&2
    elif ((rc != 0)); then
        echo "sprout: Linux: QEMU failed with status $rc (console: $log)" >&2
        sed 's/^/| /' "$out_dir/linux-qemu.err" >&2
    fi
    status=$(tr -d '\r' <"$log" | sed -nE 's/^bench: exit status ([0-9]+)$/\1/p' | tail -n 1)
    if [[ -n $status && $status != 0 ]]; then
        echo "sprout: Linux: the benchmark exited with status $status" >&2
    elif [[ -z $status && $rc == 0 ]]; then
        echo "sprout: Linux: the benchmark did not finish (console: $log)" >&2
        tail -n 15 "$log" | tr -d '\r' | sed 's/^/| /' >&2
    fi
}

# Boots Sprout through its runner; the program's stdout in $out_dir/sprout.out.
run_sprout() {
    local rc=0 args=() arg
    ((verbose == 0)) || args+=(-v)
    for arg in "${DETERMINISM[@]}"; do
        args+=(--qemu-arg "$arg")
    done
    "$here/sprout-run.sh" --kernel "$kernel" --initrd "$initrd" --log-dir "$build_dir/run-logs" \
        --mem "$MEM" --icount --timeout "$timeout_s" "${args[@]}" \
        --add "$bench_prog:/opt/bench" --add "$bench_true:/opt/bench-true" \
        -- /opt/bench "${bench_args[@]}" >"$out_dir/sprout.out" 2>"$out_dir/sprout.err" || rc=$?
    case $rc in
    0) ;;
    124) echo "sprout: Sprout: timed out after ${timeout_s}s (kernel log: $build_dir/run-logs/LAST.log)" >&2 ;;
    125) echo "sprout: Sprout: the kernel failed (kernel log: $build_dir/run-logs/LAST.log)" >&2 ;;
    *) echo "sprout: Sprout: the benchmark exited with status $rc" >&2 ;;
    esac
    # The runner's own messages (and, with -v, the QEMU command line) and the program's stderr.
    [[ ! -s $out_dir/sprout.err ]] || sed 's/^/| /' "$out_dir/sprout.err" >&2
}

# --- The plot -------------------------------------------------------------------------------------

# fork + exit + wait against the parent's size: Linux (its default pages: transparent huge
# pages), Linux with 4 KiB pages, Sprout. One category per size on x, log scale on y.
plot() { # plot TSV PNG
    local tsv=$1 png=$2 dat=$out_dir/fork-latency.dat
    command -v gnuplot >/dev/null || {
        echo "sprout: no gnuplot: no plot (apt-get install gnuplot-nox)" >&2
        return 1
    }
    # label linux linux_4k sprout, NaN where there is no number; the 4 KiB series starts at the
    # tiny parent, which is the same workload (no mapping at all).
    LC_ALL=C awk -F'\t' -v sizes="$sizes" '
        function label(m) { return m == 0 ? "tiny" : (m % 1024 == 0 ? (m / 1024) "G" : m "M") }
        function num(v) { return v == "n/a" ? "NaN" : v }
        NR > 1 { lin[$1] = num($3); spr[$1] = num($4) }
        END {
            n = split(sizes, s, ",")
            for (i = 1; i <= n; i++) {
                l = label(s[i]); a = "fork_exit_wait." l; b = "fork_exit_wait_4k." l
                if (s[i] == 0) b = a
                printf "%s %s %s %s\n", l, (a in lin ? lin[a] : "NaN"), (b in lin ? lin[b] : "NaN"),
                    (a in spr ? spr[a] : "NaN")
            }
        }' "$tsv" >"$dat"
    if ! awk '$2 != "NaN" || $3 != "NaN" || $4 != "NaN" { found = 1 } END { exit !found }' "$dat"; then
        echo "sprout: no fork_exit_wait number from either kernel: no plot" >&2
        return 1
    fi
    # With no Sprout number at all gnuplot would leave Sprout out of the key: say so instead.
    local sprout_plot="\"$dat\" using 0:4 with linespoints lw 2 pt 9 title \"Sprout\""
    awk '$4 != "NaN" { found = 1 } END { exit !found }' "$dat" ||
        sprout_plot="NaN with linespoints lw 2 pt 9 title \"Sprout: no numbers (its fork failed)\""
    gnuplot >"$out_dir/gnuplot.log" 2>&1 <<EOF || {
set terminal pngcairo size 900,560 font "sans,11" noenhanced
set output "$png"
set title "fork + _exit + waitpid against the parent's touched memory (median, guest µs, -icount shift=0)"
set xlabel "parent's touched anonymous memory"
set ylabel "µs (log scale)"
set logscale y
set format y "%.0f"
set grid ytics mytics xtics
set key top left
set datafile missing "NaN"
set offsets 0.3, 0.3, 0, 0
set yrange [10:*]
plot "$dat" using 0:2:xtic(1) with linespoints lw 2 pt 7 title "Linux ($LINUX_NAME, default: transparent huge pages)", \\
     "$dat" using 0:3 with linespoints lw 2 pt 5 dt 2 title "Linux, 4 KiB pages (MADV_NOHUGEPAGE)", \\
     $sprout_plot
EOF
        echo "sprout: gnuplot failed (log: $out_dir/gnuplot.log)" >&2
        return 1
    }
}

# --- Main -----------------------------------------------------------------------------------------

mkdir -p "$out_dir"
rm -f "$out_dir"/{linux,sprout}.{out,err} "$out_dir/results.tsv" "$out_dir/fork-latency.png"
start=$SECONDS
LINUX_NAME="not run"
LINUX_VMLINUZ=""
LINUX_PACKAGE=""
if [[ $only != sprout ]]; then
    if fetch_linux "$build_dir/linux"; then
        LINUX_NAME=${LINUX_PACKAGE%% *}
        LINUX_NAME=${LINUX_NAME#linux-image-}
    else
        echo "sprout: going on without Linux" >&2
    fi
fi

echo "sprout: benchmarking (runs $runs, parent sizes ${sizes//,/ } MiB, timeout ${timeout_s}s per kernel)" >&2
linux_pid="" sprout_pid=""
if [[ -n $LINUX_VMLINUZ ]]; then
    echo "sprout: Linux: $LINUX_PACKAGE ($LINUX_VMLINUZ)" >&2
    run_linux &
    linux_pid=$!
fi
if [[ $only != linux ]]; then
    echo "sprout: Sprout: $kernel" >&2
    run_sprout &
    sprout_pid=$!
fi
[[ -z $linux_pid ]] || wait "$linux_pid" || true
[[ -z $sprout_pid ]] || wait "$sprout_pid" || true

echo >&2
echo "QEMU: $(print_command -machine pc -cpu max -m "$MEM" "${DETERMINISM[@]}" -icount shift=0,sleep=off) (same for both);" \
    "median of $runs runs; guest time (1 ns per instruction)"
echo "Linux: ${LINUX_PACKAGE:-not run}; Sprout: $(git -C "$here/.." describe --always --dirty 2>/dev/null || echo '?')"
echo
if ! "$here/bench-report.sh" "$out_dir/linux.out" "$out_dir/sprout.out" "$out_dir/results.tsv"; then
    echo "sprout: neither kernel produced a result" >&2
    exit 1
fi
plotted="; plot: $out_dir/fork-latency.png"
plot "$out_dir/results.tsv" "$out_dir/fork-latency.png" || plotted="; no plot"
echo
echo "sprout: results: $out_dir/results.tsv$plotted; took $((SECONDS - start))s" >&2
