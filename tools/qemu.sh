# shellcheck shell=bash disable=SC2034,SC2054  # QEMU_CMD is the result; commas are QEMU syntax
# Sourced by ./sprout and tools/ktest-run.sh: the one QEMU command line Sprout boots with.
#
# The kernel ends QEMU through the isa-debug-exit device, writing its status + 1 (see
# arch::power_off), which makes QEMU exit with ((status + 1) << 1) | 1: 3 and up. That keeps
# apart QEMU's own failure (exit 1: bad option, missing file) and a quit from outside (exit 0:
# Ctrl-A x, a signal). qemu_kernel_status turns it back into the kernel's own value.

# qemu_command KERNEL INITRD MEM_MIB APPEND [extra QEMU args...]: fills the array QEMU_CMD.
qemu_command() {
    local kernel=$1 initrd=$2 mem=$3 append=$4
    shift 4
    QEMU_CMD=(qemu-system-x86_64
        -machine pc -cpu max -m "$mem"
        -no-reboot -nic none
        -device isa-debug-exit,iobase=0xf4,iosize=0x04
        -kernel "$kernel" -initrd "$initrd" -append "$append"
        "$@")
}

# The kernel's exit status from QEMU's: 0 when QEMU was quit from outside, 255 when QEMU itself
# failed or died some other way.
qemu_kernel_status() {
    local rc=$1
    if ((rc >= 3 && (rc & 1))); then
        echo $(((rc >> 1) - 1))
    elif ((rc == 0)); then
        echo 0
    else
        echo 255
    fi
}

# print_command WORD...: a command line to copy and paste, words quoted only where the shell
# needs it.
print_command() {
    local word line=""
    for word in "$@"; do
        if [[ $word =~ ^[A-Za-z0-9_./:=,+@%-]+$ ]]; then
            line+="$word "
        else
            line+="$(printf '%q' "$word") "
        fi
    done
    echo "${line% }"
}
