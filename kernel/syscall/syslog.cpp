// syslog(2) (klogctl in C libraries): reading and clearing the kernel log buffer, and whether its
// lines also reach the console (kernel/printk/printk.c's do_syslog()). busybox `dmesg` reads it.

#include <lib/printk.h>
#include <mm/uaccess.h>
#include <proc/cred.h>
#include <sched/clock.h>
#include <sched/timer.h>
#include <syscall/syscall.h>

namespace {

enum SyslogAction : int {
    SYSLOG_ACTION_CLOSE = 0,
    SYSLOG_ACTION_OPEN = 1,
    SYSLOG_ACTION_READ = 2,
    SYSLOG_ACTION_READ_ALL = 3,
    SYSLOG_ACTION_READ_CLEAR = 4,
    SYSLOG_ACTION_CLEAR = 5,
    SYSLOG_ACTION_CONSOLE_OFF = 6,
    SYSLOG_ACTION_CONSOLE_ON = 7,
    SYSLOG_ACTION_CONSOLE_LEVEL = 8,
    SYSLOG_ACTION_SIZE_UNREAD = 9,
    SYSLOG_ACTION_SIZE_BUFFER = 10,
};

// Every message is KERN_INFO (6); the console shows a message whose level is below its level.
constexpr int MESSAGE_LEVEL = 6;

// SYSLOG_ACTION_READ's position: it consumes what it reads, for every reader (syslog_seq).
u64 read_position = 0;

// The log copied out in kernel-sized pieces from `from`.
Result<i64> copy_log(char* user_buffer, usize size, u64& from)
{
    char chunk[512];
    usize total = 0;
    while (total < size) {
        usize n = printk_log_copy(chunk, lib::min(sizeof(chunk), size - total), from);
        if (n == 0)
            break;
        TRY(copy_to_user(user_buffer + total, chunk, n));
        total += n;
    }
    return i64(total);
}

// The reads' checks, in Linux's order: EINVAL for no buffer or a negative length, then EFAULT
// for a buffer outside user space. False for a zero length (the call returns 0).
Result<bool> check_read_buffer(char* user_buffer, int length)
{
    if (!user_buffer || length < 0)
        return Errno::EINVAL;
    if (length == 0)
        return false;
    if (!is_user_range(uptr(user_buffer), usize(length)))
        return Errno::EFAULT;
    return true;
}

} // namespace

static Result<i64> sys_syslog(int type, char* user_buffer, int length)
{
    // Debian's kernel restricts the log to CAP_SYSLOG (CONFIG_SECURITY_DMESG_RESTRICT): every
    // action of the system call needs it, which here is root (check_syslog_permissions()).
    if (!current_cred().capable())
        return Errno::EPERM;
    switch (type) {
    case SYSLOG_ACTION_CLOSE:
    case SYSLOG_ACTION_OPEN:
        return 0;
    case SYSLOG_ACTION_READ: {
        if (!TRY(check_read_buffer(user_buffer, length)))
            return 0;
        // NOTE: printk cannot wake a sleeper (it runs under any lock, the scheduler's too), so
        // the reader looks again every 100 ms, as an irq_work would wake it later in Linux.
        while (printk_log_unread(read_position) == 0) {
            if (sleep_until_interruptible(ktime_get_ns() + 100 * NSEC_PER_MSEC).is_error())
                return Errno::ERESTARTSYS;
        }
        return copy_log(user_buffer, usize(length), read_position);
    }
    case SYSLOG_ACTION_READ_ALL:
    case SYSLOG_ACTION_READ_CLEAR: {
        if (!TRY(check_read_buffer(user_buffer, length)))
            return 0;
        u64 from = printk_log_tail(usize(length), true);
        i64 n = TRY(copy_log(user_buffer, usize(length), from));
        if (type == SYSLOG_ACTION_READ_CLEAR)
            printk_log_clear();
        return n;
    }
    case SYSLOG_ACTION_CLEAR:
        printk_log_clear();
        return 0;
    case SYSLOG_ACTION_CONSOLE_OFF:
        printk_console_quiet(true);
        return 0;
    case SYSLOG_ACTION_CONSOLE_ON:
        printk_console_quiet(false);
        return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
        if (length < 1 || length > 8)
            return Errno::EINVAL;
        printk_console_quiet(length <= MESSAGE_LEVEL);
        return 0;
    case SYSLOG_ACTION_SIZE_UNREAD:
        return i64(printk_log_unread(read_position));
    case SYSLOG_ACTION_SIZE_BUFFER:
        return i64(PRINTK_LOG_BUFFER_SIZE);
    default:
        return Errno::EINVAL;
    }
}
SYSCALL_DEFINE(syslog)
