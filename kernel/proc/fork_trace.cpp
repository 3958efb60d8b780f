#include <lib/format.h>
#include <lib/printk.h>
#include <proc/fork.h>
#include <proc/fork_trace.h>
#include <sched/clock.h>
#include <stdarg.h>

bool fork_trace_enabled;

namespace {

struct FlagName {
    u64 bit;
    const char* name;
};

constexpr FlagName flag_names[] = {
    { clone_flags::CLONE_VM, "CLONE_VM" },
    { clone_flags::CLONE_FS, "CLONE_FS" },
    { clone_flags::CLONE_FILES, "CLONE_FILES" },
    { clone_flags::CLONE_SIGHAND, "CLONE_SIGHAND" },
    { clone_flags::CLONE_PIDFD, "CLONE_PIDFD" },
    { clone_flags::CLONE_PTRACE, "CLONE_PTRACE" },
    { clone_flags::CLONE_VFORK, "CLONE_VFORK" },
    { clone_flags::CLONE_PARENT, "CLONE_PARENT" },
    { clone_flags::CLONE_THREAD, "CLONE_THREAD" },
    { clone_flags::CLONE_SYSVSEM, "CLONE_SYSVSEM" },
    { clone_flags::CLONE_SETTLS, "CLONE_SETTLS" },
    { clone_flags::CLONE_PARENT_SETTID, "CLONE_PARENT_SETTID" },
    { clone_flags::CLONE_CHILD_CLEARTID, "CLONE_CHILD_CLEARTID" },
    { clone_flags::CLONE_DETACHED, "CLONE_DETACHED" },
    { clone_flags::CLONE_UNTRACED, "CLONE_UNTRACED" },
    { clone_flags::CLONE_CHILD_SETTID, "CLONE_CHILD_SETTID" },
    { clone_flags::CLONE_IO, "CLONE_IO" },
    { clone_flags::CLONE_CLEAR_SIGHAND, "CLONE_CLEAR_SIGHAND" },
    { clone_flags::CLONE_INTO_CGROUP, "CLONE_INTO_CGROUP" },
};

} // namespace

ForkTrace::ForkTrace()
    : m_enabled(fork_trace_enabled)
{
    if (m_enabled)
        m_start = m_last = ktime_get_ns();
}

void ForkTrace::step(const char* name, const char* fmt, ...)
{
    if (!m_enabled || m_count == max_steps)
        return;
    u64 now = ktime_get_ns();
    Step& s = m_steps[m_count++];
    s.name = name;
    s.ns = now - m_last;
    s.detail[0] = 0;
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vformat_to(s.detail, sizeof(s.detail), fmt, ap);
        va_end(ap);
    }
    m_last = now;
}

usize format_clone_flags(char* buffer, usize size, u64 flags, int exit_signal)
{
    usize n = 0;
    buffer[0] = 0;
    for (const FlagName& f : flag_names) {
        if (flags & f.bit)
            n += format_to(buffer + n, n < size ? size - n : 0, "%s|", f.name);
    }
    if (n < size) {
        if (exit_signal == 17)
            n += format_to(buffer + n, size - n, "SIGCHLD");
        else if (exit_signal == 0)
            n += format_to(buffer + n, size - n, "no exit signal");
        else
            n += format_to(buffer + n, size - n, "exit signal %d", exit_signal);
    }
    return lib::min(n, size - 1);
}

void ForkTrace::finish(const char* syscall_name, i32 parent_pid, i32 child_pid, u64 flags, int exit_signal)
{
    if (!m_enabled)
        return;
    char names[256];
    format_clone_flags(names, sizeof(names), flags, exit_signal);
    printk("fork-trace: %s: pid %d -> child %d, flags %s\n", syscall_name, parent_pid, child_pid, names);
    for (usize i = 0; i < m_count; ++i) {
        const Step& s = m_steps[i];
        printk("fork-trace:   %-22s %6lu.%03lu us  %s\n", s.name, s.ns / 1000, s.ns % 1000, s.detail);
    }
    u64 total = m_last - m_start;
    printk("fork-trace:   %-22s %6lu.%03lu us\n", "total", total / 1000, total % 1000);
}
