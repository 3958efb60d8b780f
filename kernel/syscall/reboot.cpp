// reboot(2): power off, halt or restart, with Linux's magic numbers and checks. Under QEMU all
// three end the run; the runner tells them apart by the status.

#include <arch/cpu.h>
#include <lib/printk.h>
#include <proc/process.h>
#include <syscall/syscall.h>

namespace {

constexpr u32 LINUX_REBOOT_MAGIC1 = 0xfee1dead;
constexpr u32 LINUX_REBOOT_MAGIC2 = 672274793;
constexpr u32 LINUX_REBOOT_MAGIC2A = 85072278;
constexpr u32 LINUX_REBOOT_MAGIC2B = 369367448;
constexpr u32 LINUX_REBOOT_MAGIC2C = 537993216;
constexpr u32 LINUX_REBOOT_CMD_RESTART = 0x01234567;
constexpr u32 LINUX_REBOOT_CMD_HALT = 0xCDEF0123;
constexpr u32 LINUX_REBOOT_CMD_POWER_OFF = 0x4321FEDC;
constexpr u32 LINUX_REBOOT_CMD_CAD_ON = 0x89ABCDEF;
constexpr u32 LINUX_REBOOT_CMD_CAD_OFF = 0x00000000;

} // namespace

static Result<i64> sys_reboot(u32 magic1, u32 magic2, u32 cmd, void*)
{
    // Linux checks the capability first, then the magic numbers (kernel/reboot.c).
    if (!current_cred().capable())
        return Errno::EPERM;
    if (magic1 != LINUX_REBOOT_MAGIC1
        || (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A && magic2 != LINUX_REBOOT_MAGIC2B
            && magic2 != LINUX_REBOOT_MAGIC2C))
        return Errno::EINVAL;
    switch (cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
    case LINUX_REBOOT_CMD_HALT:
    case LINUX_REBOOT_CMD_RESTART:
        printk("reboot: %s\n",
            cmd == LINUX_REBOOT_CMD_RESTART    ? "restarting (the run ends)"
                : cmd == LINUX_REBOOT_CMD_HALT ? "system halted"
                                               : "power down");
        arch::power_off(0);
    case LINUX_REBOOT_CMD_CAD_ON:
    case LINUX_REBOOT_CMD_CAD_OFF:
        return 0;
    default:
        return Errno::EINVAL;
    }
}
SYSCALL_DEFINE(reboot)
