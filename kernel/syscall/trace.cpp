// The system-call trace (trace.h): decoding arguments and results for the log.

#include <abi/linux/errno.h>
#include <abi/linux/syscalls.h>
#include <lib/format.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/fork_trace.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <syscall/trace.h>
#include <stdarg.h>

using namespace linux_abi;

bool syscall_trace_enabled = false;

namespace {

// How each argument of a decoded call is shown; a call not in the table shows three in hex.
//   d  a signed integer        x  hex             s  a user string       v  a user argv array
//   f  clone flags by name     p  int[2] written by the call (after it returns)
//   w  an int wait status written by the call  -  not shown
struct CallFormat {
    u32 number;
    const char* args;
};

constexpr CallFormat formats[] = {
    { NR_read, "dxd" }, { NR_write, "dxd" }, { NR_open, "sxx" }, { NR_close, "d" },
    { NR_dup, "d" }, { NR_dup2, "dd" }, { NR_dup3, "ddx" }, { NR_pipe, "p" }, { NR_pipe2, "px" },
    { NR_clone, "fxxxx" }, { NR_fork, "" }, { NR_vfork, "" }, { NR_clone3, "xd" },
    { NR_execve, "svx" }, { NR_execveat, "dsvxx" }, { NR_exit, "d" }, { NR_exit_group, "d" },
    { NR_wait4, "dwxx" }, { NR_waitid, "ddxxx" }, { NR_kill, "dd" }, { NR_tgkill, "ddd" },
    { NR_openat, "dsxx" }, { NR_chdir, "s" }, { NR_setpgid, "dd" }, { NR_setsid, "" },
    { NR_getpid, "" }, { NR_getppid, "" }, { NR_fcntl, "ddx" }, { NR_unlink, "s" },
    { NR_newfstatat, "dsxx" }, { NR_stat, "sx" }, { NR_lstat, "sx" }, { NR_access, "sx" },
    { NR_faccessat, "dsx" }, { NR_readlink, "sxd" }, { NR_mkdir, "sx" }, { NR_rt_sigreturn, "" },
};

const char* format_of(u64 number)
{
    for (auto& f : formats) {
        if (f.number == number)
            return f.args;
    }
    return nullptr;
}

void append(SyscallTraceRecord& r, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void append(SyscallTraceRecord& r, const char* fmt, ...)
{
    if (r.length >= sizeof(r.text) - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    r.length += vformat_to(r.text + r.length, sizeof(r.text) - r.length, fmt, ap);
    va_end(ap);
    r.length = lib::min(r.length, sizeof(r.text) - 1);
}

// A user string, quoted, cut at 40 bytes; non-printing bytes as \n or \xNN.
void append_string(SyscallTraceRecord& r, const char* user)
{
    char s[41];
    auto copied = strncpy_from_user(s, user, sizeof(s));
    if (copied.is_error()) {
        append(r, "%p", user);
        return;
    }
    usize n = copied.value();
    bool cut = n == sizeof(s);
    n = lib::min(n, sizeof(s) - 1);
    append(r, "\"");
    for (usize i = 0; i < n; ++i) {
        unsigned char c = u8(s[i]);
        if (c == '\n')
            append(r, "\\n");
        else if (c == '"' || c == '\\')
            append(r, "\\%c", c);
        else if (c < 0x20 || c >= 0x7f)
            append(r, "\\x%02x", c);
        else
            append(r, "%c", c);
    }
    append(r, cut ? "\"..." : "\"");
}

void append_argv(SyscallTraceRecord& r, const char* const* user)
{
    constexpr int shown = 6;
    append(r, "[");
    for (int i = 0;; ++i) {
        auto pointer = get_user(user + i);
        if (pointer.is_error()) {
            append(r, "%p]", user);
            return;
        }
        if (!pointer.value())
            break;
        if (i == shown) {
            append(r, ", ...");
            break;
        }
        if (i)
            append(r, ", ");
        append_string(r, pointer.value());
    }
    append(r, "]");
}

void append_wait_status(SyscallTraceRecord& r, const int* user)
{
    auto status = user ? get_user(user) : Result<int>(Errno::EFAULT);
    if (status.is_error()) {
        append(r, "%p", user);
        return;
    }
    int s = status.value();
    if ((s & 0x7f) == 0)
        append(r, "[exited %d]", (s >> 8) & 0xff);
    else if ((s & 0xff) == 0x7f)
        append(r, "[stopped by %d]", (s >> 8) & 0xff);
    else if (s == 0xffff)
        append(r, "[continued]");
    else
        append(r, "[killed by %d%s]", s & 0x7f, s & 0x80 ? ", core dumped" : "");
}

} // namespace

void syscall_trace_enter(u64 number, const u64* args, SyscallTraceRecord& record)
{
    const char* name = number < NR_SYSCALLS ? syscall_name(u32(number)) : nullptr;
    record.length = 0;
    append(record, "[%d] %s(", current()->tid(), name ? name : "?");
    const char* format = format_of(number);
    if (!format)
        format = "xxx";
    for (usize i = 0; format[i]; ++i) {
        if (i)
            append(record, ", ");
        u64 a = args[i];
        switch (format[i]) {
        case 'd': append(record, "%d", int(a)); break;
        case 's': append_string(record, reinterpret_cast<const char*>(a)); break;
        case 'v': append_argv(record, reinterpret_cast<const char* const*>(a)); break;
        case 'f': {
            char names[160];
            format_clone_flags(names, sizeof(names), a & ~u64(0xff), int(a & 0xff));
            append(record, "%s", names);
            break;
        }
        case 'p':
        case 'w':
            if (record.out_count < 2) { // filled in at exit
                record.out_at[record.out_count] = record.length;
                record.out_arg[record.out_count++] = u8(i);
            }
            break;
        default: append(record, "%#lx", a); break;
        }
    }
    append(record, ")");
    // The calls that do not return print now.
    if (number == NR_exit || number == NR_exit_group || number == NR_rt_sigreturn)
        printk("syscall-trace: %s\n", record.text);
}

void syscall_trace_exit(u64 number, const u64* args, SyscallTraceRecord& record, i64 result)
{
    if (number == NR_exit || number == NR_exit_group || number == NR_rt_sigreturn)
        return;
    // Out-arguments, now that the call has written them, at their places in the text.
    SyscallTraceRecord out;
    usize from = 0;
    for (usize k = 0; k < record.out_count; ++k) {
        append(out, "%.*s", int(record.out_at[k] - from), record.text + from);
        from = record.out_at[k];
        u64 a = args[record.out_arg[k]];
        if (format_of(number)[record.out_arg[k]] == 'p') {
            int fds[2];
            if (result == 0 && !copy_from_user(fds, reinterpret_cast<const void*>(a), sizeof(fds)).is_error())
                append(out, "[%d, %d]", fds[0], fds[1]);
            else
                append(out, "%#lx", a);
        } else if (result > 0 && a) {
            append_wait_status(out, reinterpret_cast<const int*>(a));
        } else {
            append(out, "%#lx", a);
        }
    }
    append(out, "%s", record.text + from);
    if (result < 0 && result >= -4095) {
        const char* name = errno_name(Errno(-result));
        printk("syscall-trace: %s = -1 %s\n", out.text, name ? name : "?");
    } else if (number == NR_mmap || number == NR_brk) {
        printk("syscall-trace: %s = %#lx\n", out.text, u64(result));
    } else {
        printk("syscall-trace: %s = %ld\n", out.text, result);
    }
}
