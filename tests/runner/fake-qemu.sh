#!/usr/bin/env bash
# A stand-in for qemu-system-x86_64 in runner_test.sh: it plays a kernel that follows
# docs/runner.md, driven by the command in sprout.run= (decoded with userland/init/runarg.h):
#   emit OUT ERR N     OUT on COM2, ERR on COM3, log lines and "sprout: exit status N" on COM1
#   big BYTES          BYTES bytes of a known pattern on COM2, status 0
#   listinitrd         the -initrd archive's file list on COM2, status 0
#   panic | silent | hang | qemufail | late N
set -euo pipefail
decoder=${FAKE_QEMU_DECODER:?}
append="" initrd="" serials=()
while (($#)); do
    case $1 in
    -append) append=$2; shift ;;
    -initrd) initrd=$2; shift ;;
    -serial) serials+=("${2#file:}"); shift ;;
    esac
    shift
done
((${#serials[@]} == 3)) || { echo "fake-qemu: want 3 -serial file:, got ${#serials[@]}" >&2; exit 1; }
mapfile -d '' cmd < <("$decoder" --cmdline "$append")
exec 5>"${serials[0]}" 6>"${serials[1]}" 7>"${serials[2]}"
log() { printf '[    0.%06d] %s\r\n' "$RANDOM" "$1" >&5; }
power_off() { exit $((($1 + 1) << 1 | 1)); } # isa-debug-exit, as arch::power_off
log "Sprout fake (x86_64), command line: $append"
log "sprout: exit status 99 and more on the line" # not a status line: must not count
case ${cmd[0]} in
emit)
    printf '%s' "${cmd[1]}" >&6
    printf '%s' "${cmd[2]}" >&7
    printf 'sprout: exit status %s\r\n' "${cmd[3]}" >&5 # as /sbin/init writes it: no timestamp
    power_off 0
    ;;
big)
    { yes 'abcdefghijklmnopqrstuvwxyz0123456789' || true; } | head -c "${cmd[1]}" >&6
    log "sprout: exit status 0"
    power_off 0
    ;;
listinitrd)
    cpio -it --quiet <"$initrd" >&6
    log "sprout: exit status 0"
    power_off 0
    ;;
panic)
    log "PANIC: page fault in kernel mode"
    power_off 3
    ;;
late)
    log "sprout: exit status ${cmd[1]}"
    power_off 1 # e.g. a panic while powering off
    ;;
silent) power_off 0 ;;
hang) exec sleep 60 ;; # one process, as QEMU
qemufail)
    echo "qemu-system-x86_64: -kernel: no such file" >&2
    exit 1
    ;;
esac
