# Sourced by ./sprout and tools/ktest-run.sh: the one QEMU command line Sprout boots with.
#
# The kernel ends QEMU through the isa-debug-exit device, which makes QEMU exit with status
# (value << 1) | 1; qemu_kernel_status turns that back into the kernel's own value. QEMU exiting
# 0 means it was quit from outside (Ctrl-A x, a signal to QEMU).

# qemu_command KERNEL INITRD MEM_MIB APPEND [extra QEMU args...]: fills the array QEMU_CMD.
qemu_command() {
    local kernel=$1 initrd=$2 mem=$3 append=$4
    shift 4
    QEMU_CMD=(qemu-system-x86_64
        -machine pc -cpu max -m "$mem"
        -no-reboot
        -device isa-debug-exit,iobase=0xf4,iosize=0x04
        -kernel "$kernel" -initrd "$initrd" -append "$append"
        "$@")
}

# The kernel's exit status from QEMU's, or 255 when QEMU did not exit through the device.
qemu_kernel_status() {
    local rc=$1
    if ((rc & 1)); then
        echo $((rc >> 1))
    elif ((rc == 0)); then
        echo 0
    else
        echo 255
    fi
}
