#!/usr/bin/env bash
# sprout-run.sh --kernel ELF --initrd CPIO [--log-dir DIR] [options] [-- CMD [ARGS...]]
#
# Boots Sprout in QEMU. ./sprout run calls it after building; the user-space tests call it
# directly (no build, so that parallel tests do not fight over build/). The protocol with the
# kernel is docs/runner.md:
#
#   COM1 (QEMU's first -serial)  kernel log and console -> a log file, never stdout or stderr
#   COM2                         CMD's stdout            -> our stdout, byte for byte
#   COM3                         CMD's stderr            -> our stderr, byte for byte
#   kernel command line          ... sprout.run=ENCODED_ARGV (tools/runarg.sh)
#   status                       "sprout: exit status N" on COM1, then the kernel powers off
#
# Exit status: CMD's (0-255; 128+N for death by signal N); 124 when --timeout expired; 125 when
# Sprout ended without reporting a status (panic, power-off without the line, QEMU failure);
# 2 for a usage error. Without CMD: a shell on this terminal (the tty on COM2, QEMU's stdio), the
# kernel log on COM1 in the log file, and the kernel's own power-off status.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/qemu.sh"
source "$here/runarg.sh"

# The kernel copies at most this much of the command line (docs/runner.md).
CMDLINE_MAX=4000

usage() {
    cat <<'EOF'
usage: sprout-run.sh --kernel ELF --initrd CPIO [--log-dir DIR] [options] [-- CMD [ARGS...]]
options (the same as ./sprout run's):
  --add HOST_PATH:GUEST_PATH   put a host file (or directory) into the initramfs (repeatable)
  --mem MiB                    guest memory (default 512)
  --append "ARGS"              more kernel command line
  --timeout SECONDS            give up after SECONDS: message on stderr, exit status 124
  --icount                     deterministic guest time: -icount shift=0,sleep=off
  --trace fork                 trace every clone's copy_process() steps; printed on stderr after
                               CMD's output (docs/fork.md)
  --trace syscalls             trace every system call, strace-style, also on stderr after CMD's
                               output (docs/pipeline.md); both traces: --trace fork --trace syscalls
  --qemu-arg ARG               one more QEMU argument (repeatable)
  -v                           print the QEMU command line and the kernel log's path
EOF
}

usage_error() {
    echo "sprout: $*" >&2
    echo "sprout: see ./sprout help" >&2
    exit 2
}

need_value() { (($# >= 2)) || usage_error "$1 needs a value"; }
need_number() { [[ $2 =~ ^[1-9][0-9]*$ ]] || usage_error "$1 wants a positive number, not '$2'"; }

kernel="" initrd="" log_dir="" mem=512 append="" timeout_s="" icount=0 verbose=0 trace=""
adds=() qemu_extra=() cmd=() saw_dashdash=0
while (($#)); do
    case $1 in
    --kernel | --initrd | --log-dir | --append | --add | --qemu-arg)
        need_value "$@"
        case $1 in
        --kernel) kernel=$2 ;;
        --initrd) initrd=$2 ;;
        --log-dir) log_dir=$2 ;;
        --append) append=$2 ;;
        --add)
            [[ $2 == ?*:?* ]] || usage_error "--add wants HOST_PATH:GUEST_PATH, not '$2'"
            [[ -e ${2%%:*} ]] || usage_error "--add $2: no such file: ${2%%:*}"
            adds+=("$(realpath "${2%%:*}"):${2#*:}")
            ;;
        --qemu-arg) qemu_extra+=("$2") ;;
        esac
        shift
        ;;
    --mem)
        need_value "$@"
        need_number "$1" "$2"
        mem=$2
        shift
        ;;
    --timeout)
        need_value "$@"
        need_number "$1" "$2"
        timeout_s=$2
        shift
        ;;
    --icount) icount=1 ;;
    --trace)
        need_value "$@"
        [[ $2 == fork || $2 == syscalls ]] || usage_error "--trace knows 'fork' and 'syscalls', not '$2'"
        trace="${trace:+$trace,}$2"
        shift
        ;;
    -v) verbose=1 ;;
    -h | --help)
        usage
        exit 0
        ;;
    --)
        shift
        saw_dashdash=1
        cmd=("$@")
        break
        ;;
    *) usage_error "unknown run option '$1'" ;;
    esac
    shift
done
[[ -n $kernel && -n $initrd ]] || usage_error "sprout-run.sh needs --kernel and --initrd"
[[ -f $kernel ]] || usage_error "no kernel at $kernel (build first: ./sprout build)"
[[ -f $initrd ]] || usage_error "no initramfs at $initrd (build first: ./sprout build)"
if ((saw_dashdash && ${#cmd[@]} == 0)); then
    usage_error "nothing after --: give a command to run"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sprout-run.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The per-run initramfs: the base one plus the --add files.
if ((${#adds[@]})); then
    "$here/mkinitramfs.sh" --base "$initrd" "$tmp/initramfs.cpio" "${adds[@]}" ||
        {
            echo "sprout: cannot build the initramfs with the --add files" >&2
            exit 125
        }
    initrd=$tmp/initramfs.cpio
fi

timeout_cmd=()
[[ -z $timeout_s ]] || timeout_cmd=(timeout --foreground -k 5 "$timeout_s")
# shellcheck disable=SC2054 # the comma is QEMU syntax
((icount == 0)) || qemu_extra+=(-icount shift=0,sleep=off)

# Ends the run after QEMU stopped on --timeout, if it did.
check_timeout() { # check_timeout QEMU_RC
    if [[ -n $timeout_s ]] && (($1 == 124 || $1 == 137)); then
        echo "sprout: timed out after ${timeout_s}s: QEMU stopped${log:+ (kernel log: $log)}" >&2
        [[ -z ${log:-} ]] || show_log_tail
        exit 124
    fi
}

# The kernel log: a new file per run under --log-dir (LAST.log points to the newest; the 50
# newest are kept), or a temporary file removed on exit.
open_log() {
    if [[ -n $log_dir ]]; then
        mkdir -p "$log_dir"
        log=$(mktemp --suffix=.log "$log_dir/run-XXXXXX")
        ln -sfn "$(basename "$log")" "$log_dir/LAST.log"
        # NOTE: `|| true`: runs in parallel (CTest -j) rotate the same directory, so a log that the
        # glob named may be gone when ls looks at it; ls then exits 2, and with pipefail and set -e
        # so did this script, silently, before booting anything.
        # shellcheck disable=SC2012 # names are ours: run-XXXXXX.log
        ls -t "$log_dir"/run-*.log 2>/dev/null | tail -n +51 | xargs -r rm -f -- || true
    else
        log=$tmp/kernel.log # shown on failure; gone when we exit
    fi
}

show_log_tail() {
    echo "sprout: the last lines of the kernel log ($log):" >&2
    tail -n 25 "$log" | tr -d '\r' | sed 's/^/| /' >&2
}

# --- Without CMD: a shell on this terminal. -------------------------------------------------------
# COM1 (the kernel log) goes to a log file; COM2 is the console's tty (sprout.tty=ttyS1), on our
# stdin and stdout through QEMU's stdio backend, multiplexed with the QEMU monitor: Ctrl-A x
# quits, Ctrl-A c switches to the monitor. signal=off: Ctrl-C is a byte for the guest's tty (its
# SIGINT), not a signal that stops QEMU. The terminal's size goes in as sprout.winsize=.
if ((${#cmd[@]} == 0)); then
    open_log
    tty_append="sprout.tty=ttyS1"
    if [[ -t 0 ]] && size=$(stty size 2>/dev/null) && [[ $size =~ ^([0-9]+)\ ([0-9]+)$ ]] &&
        ((BASH_REMATCH[1] > 0 && BASH_REMATCH[2] > 0)); then
        tty_append+=" sprout.winsize=${BASH_REMATCH[2]}x${BASH_REMATCH[1]}"
    fi
    qemu_command "$kernel" "$initrd" "$mem" "${append:+$append }$tty_append" \
        -display none -monitor none -parallel none \
        -chardev stdio,id=term,mux=on,signal=off \
        -serial "file:$log" -serial chardev:term -mon chardev=term,mode=readline \
        "${qemu_extra[@]}"
    ((verbose == 0)) || print_command "${QEMU_CMD[@]}" >&2
    echo "sprout: booting Sprout: a shell on this terminal; poweroff ends the run, Ctrl-A x quits QEMU" \
        "(kernel log: $log)" >&2
    rc=0
    "${timeout_cmd[@]}" "${QEMU_CMD[@]}" 2>"$tmp/qemu.err" || rc=$?
    check_timeout "$rc"
    kernel_status=$(qemu_kernel_status "$rc")
    if ((rc != 0 && kernel_status == 255)); then
        echo "sprout: QEMU failed (exit status $rc)" >&2
        sed 's/^/| /' "$tmp/qemu.err" >&2
        exit 125
    fi
    if ((kernel_status == 3)); then
        echo "sprout: the kernel panicked (kernel log: $log)" >&2
        show_log_tail
        exit 125
    fi
    exit "$kernel_status"
fi

# --- With CMD: three serial ports, status from the log. ------------------------------------------
sprout_run_encode "${cmd[@]}"
[[ -n $trace ]] && append="${append:+$append }trace=$trace"
full_append="${append:+$append }sprout.run=$SPROUT_RUN_VALUE"
if ((${#full_append} > CMDLINE_MAX)); then
    echo "sprout: the kernel command line would be ${#full_append} bytes, over Sprout's limit of" \
        "$CMDLINE_MAX (each byte outside [A-Za-z0-9._/-] of an argument takes 3)." >&2
    echo "sprout: put long arguments in a file and --add it." >&2
    exit 2
fi

open_log

# CMD's stdout and stderr: QEMU writes into FIFOs that `cat` copies to our own stdout and stderr,
# so the bytes reach whatever those are (terminal, pipe, file opened for append) unchanged, while
# they arrive. We hold each FIFO open read-write ourselves so that neither `cat` nor QEMU blocks
# opening it, and so that `cat` sees end-of-file only once QEMU and we have closed it.
mkfifo "$tmp/stdout" "$tmp/stderr"
exec {keep_out}<>"$tmp/stdout" {keep_err}<>"$tmp/stderr"
cat <"$tmp/stdout" {keep_out}>&- {keep_err}>&- &
cat_out=$!
cat <"$tmp/stderr" >&2 {keep_out}>&- {keep_err}>&- &
cat_err=$!

qemu_command "$kernel" "$initrd" "$mem" "$full_append" \
    -display none -monitor none -parallel none \
    -serial "file:$log" -serial "file:$tmp/stdout" -serial "file:$tmp/stderr" \
    "${qemu_extra[@]}"
if ((verbose)); then
    print_command "${QEMU_CMD[@]}" >&2
    echo "sprout: kernel log: $log" >&2
fi

# QEMU's own messages go to a file too: our stderr is CMD's alone. They are shown when QEMU
# failed, and with -v.
rc=0
"${timeout_cmd[@]}" "${QEMU_CMD[@]}" </dev/null 2>"$tmp/qemu.err" {keep_out}>&- {keep_err}>&- || rc=$?
exec {keep_out}>&- {keep_err}>&-
wait "$cat_out" || true
wait "$cat_err" || true

show_qemu_messages() {
    [[ -s $tmp/qemu.err ]] || return 0
    echo "sprout: QEMU said:" >&2
    sed 's/^/| /' "$tmp/qemu.err" >&2
}
((verbose == 0)) || show_qemu_messages
check_timeout "$rc"
kernel_status=$(qemu_kernel_status "$rc")
if ((rc != 0 && kernel_status == 255)); then
    echo "sprout: QEMU failed (exit status $rc)" >&2
    ((verbose)) || show_qemu_messages
    show_log_tail
    exit 125
fi
if ((kernel_status == 3)); then
    echo "sprout: the kernel panicked (kernel log: $log)" >&2
    show_log_tail
    exit 125
fi
# The last status line on COM1, with or without printk's "[    0.123456] " in front.
status=$(tr -d '\r' <"$log" | sed -nE 's/^(\[ *[0-9]+\.[0-9]+\] )?sprout: exit status ([0-9]+)$/\2/p' | tail -n 1)
if [[ -z $status ]] || ((status > 255)); then
    echo "sprout: Sprout stopped without reporting CMD's exit status (kernel status $kernel_status)" >&2
    show_log_tail
    exit 125
fi
if ((kernel_status != 0)); then
    echo "sprout: warning: the kernel powered off with status $kernel_status after reporting" \
        "exit status $status (kernel log: $log)" >&2
fi
# --trace: the kernel's trace lines, after CMD's own output, on stderr.
if [[ -n $trace ]]; then
    tr -d '\r' <"$log" | sed -nE 's/^(\[ *[0-9]+\.[0-9]+\] )?(fork|syscall)-trace: ?//p' >&2
fi
exit "$status"
