// /proc/<pid>/ files, in Linux's formats (fs/proc/array.c: do_task_stat(), proc_pid_status();
// fs/proc/base.c: proc_pid_cmdline_read(), comm_show()).

#include <fs/fs_context.h>
#include <fs/procfs_mm.h>
#include <fs/procfs_pid.h>
#include <fs/tty.h>
#include <lib/format.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <proc/rusage.h>
#include <sched/cputime.h>

using namespace linux_abi;

namespace {

// What the files show, taken at one moment under tasklist_lock (and the sighand lock).
struct ProcessSnapshot {
    i32 pid { 0 }, ppid { 0 }, pgid { 0 }, sid { 0 };
    char state { 'R' };
    const char* state_name { "R (running)" };
    char comm[16] {};
    u64 threads { 0 };
    Credentials cred;
    RefPtr<AddressSpace> mm; // null for a zombie
    bool has_fs { false };
    u32 umask { 0 };
    SigSet pending { 0 }, shared_pending { 0 }, blocked { 0 }, ignored { 0 }, caught { 0 };
    int exit_signal { 0 };
    int exit_code { 0 };
    u32 flags { 0 }; // Linux's PF_* flags of the task
    u64 start_time_ns { 0 };
    u64 rsslim { 0 };
    Usage usage; // the group's (proc/rusage.h)
    Usage children_usage; // of its reaped children
    u64 leader_nvcsw { 0 }, leader_nivcsw { 0 }; // /proc/PID/status shows the leader task's own
    u32 tty_nr { 0 }; // the controlling terminal's device number (new_encode_dev()), 0: none
    i32 tpgid { -1 }; // its foreground process group, -1: none
    int nice { 0 }; // the leader's
};

// Linux's task_state_array, for the leader task's state (fs/proc/array.c).
void set_state(ProcessSnapshot& s, char letter)
{
    s.state = letter;
    switch (letter) {
    case 'S': s.state_name = "S (sleeping)"; break;
    case 'D': s.state_name = "D (disk sleep)"; break;
    case 'T': s.state_name = "T (stopped)"; break;
    case 'Z': s.state_name = "Z (zombie)"; break;
    default: s.state_name = "R (running)"; break;
    }
}

char task_state_letter(TaskState state)
{
    switch (state) {
    case TaskState::Interruptible: return 'S';
    case TaskState::Uninterruptible:
    case TaskState::Killable: return 'D';
    case TaskState::Stopped: return 'T';
    case TaskState::Dead: return 'Z';
    // TASK_NEW is outside Linux's TASK_REPORT mask: it reports as running.
    case TaskState::New:
    case TaskState::Running: break;
    }
    return 'R';
}

ProcessSnapshot snapshot(Process& process)
{
    ProcessSnapshot s;
    SpinlockGuard guard(tasklist_lock);
    s.pid = process.pid();
    s.ppid = process.parent ? process.parent->pid() : 0;
    s.pgid = process.pgid;
    s.sid = process.sid;
    memcpy(s.comm, process.comm, sizeof(s.comm));
    s.comm[sizeof(s.comm) - 1] = 0;
    s.exit_signal = process.exit_signal;
    constexpr u32 PF_FORKNOEXEC = 0x40; // forked but did not exec (include/linux/sched.h)
    s.flags = process.fork_no_exec ? PF_FORKNOEXEC : 0;
    s.start_time_ns = process.start_time_ns;
    s.rsslim = process.rlimits[RLIMIT_RSS].soft;
    s.usage = thread_group_cputime_adjusted(process);
    s.children_usage = process.children_usage;
    if (process.tty) {
        // NOTE: the console (c 5:1) is Sprout's only terminal.
        s.tty_nr = (5u << 8) | 1u;
        s.tpgid = process.tty->pgrp_locked() ? process.tty->pgrp_locked() : -1;
    }
    if (const Credentials* cred = process_cred_locked(process))
        s.cred = *cred;
    Task* leader = nullptr;
    for (Task& t : process.threads) {
        if (t.tid() == process.pid())
            leader = &t;
    }
    // Linux's signal->nr_threads: the live threads, and the leader until the group is reaped
    // even after it has exited.
    s.threads = process.live_threads + (leader ? 0 : 1);
    if (process.state == ProcessState::Zombie || !leader) {
        set_state(s, 'Z');
        s.exit_code = process.state == ProcessState::Zombie ? process.exit_status : 0;
        return s;
    }
    set_state(s, task_state_letter(leader->state));
    s.nice = leader->nice;
    s.leader_nvcsw = leader->usage.nvcsw;
    s.leader_nivcsw = leader->usage.nivcsw;
    // NOTE: mm and fs are replaced only by the task itself (exec, exit); holding a spinlock
    // keeps it from running on this (the only) CPU while we take our references.
    s.mm = leader->mm;
    if (leader->fs) {
        s.has_fs = true;
        s.umask = leader->fs->umask();
    }
    if (leader->sighand) {
        SpinlockGuard sig_guard(leader->sighand->lock);
        s.pending = leader->pending.signal;
        s.shared_pending = process.shared_pending.signal;
        s.blocked = leader->blocked;
        for (int sig = 1; sig <= 64; ++sig) {
            u64 handler = leader->sighand->action[sig - 1].handler;
            if (handler == SIG_IGN)
                s.ignored |= sigmask(sig);
            else if (handler != SIG_DFL)
                s.caught |= sigmask(sig);
        }
    }
    return s;
}

// Clock ticks (USER_HZ, 100 per second) since boot.
u64 to_clock_t(u64 ns) { return ns / (NSEC_PER_SEC / 100); }

} // namespace

Result<usize> proc_pid_stat(Process& process, char* buffer, usize size)
{
    ProcessSnapshot s = snapshot(process);
    u64 vsize = s.mm ? s.mm->total_vm_bytes() : 0;
    u64 rss = s.mm ? s.mm->resident_pages() : 0;
    u64 arg_start = s.mm ? s.mm->arg_start : 0;
    u64 arg_end = s.mm ? s.mm->arg_end : 0;
    // tty_nr and tpgid: the controlling terminal and its foreground group (0 and -1 without one).
    // flags: of Linux's PF_* flags, only PF_FORKNOEXEC is kept.
    // The fault counts and CPU times are the whole group's and its reaped children's (Linux's
    // do_task_stat() for /proc/PID/stat), in clock ticks. Fields Sprout does not keep are 0,
    // each said so: itrealvalue (0 on Linux too), startcode, endcode, startstack (not
    // recorded at exec), kstkesp, kstkeip (0 on Linux too), wchan, nswap, cnswap (0 on Linux),
    // processor (one CPU), rt_priority and policy (SCHED_OTHER only), delayacct_blkio_ticks,
    // guest_time, cguest_time, start_data, end_data, env_start, env_end (not recorded).
    // priority is 20 + nice, as Linux's task_prio() for a normal task.
    usize length = format_to(buffer, size,
        "%d (%s) %c %d %d %d %u %d %u %llu %llu %llu %llu %llu %llu %llu %llu %d %d %llu 0 %llu %llu %llu %llu 0 0 0 0 0 "
        "%llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 0 0 %llu %llu %llu 0 0 %d\n",
        s.pid, s.comm, s.state, s.ppid, s.pgid, s.sid, s.tty_nr, s.tpgid, s.flags, (unsigned long long)s.usage.min_flt,
        (unsigned long long)s.children_usage.min_flt, (unsigned long long)s.usage.maj_flt,
        (unsigned long long)s.children_usage.maj_flt, (unsigned long long)nsec_to_clock_t(s.usage.utime),
        (unsigned long long)nsec_to_clock_t(s.usage.stime), (unsigned long long)nsec_to_clock_t(s.children_usage.utime),
        (unsigned long long)nsec_to_clock_t(s.children_usage.stime), 20 + s.nice, s.nice, (unsigned long long)s.threads,
        (unsigned long long)to_clock_t(s.start_time_ns), (unsigned long long)vsize,
        (unsigned long long)rss, (unsigned long long)s.rsslim,
        // signal, blocked, sigignore, sigcatch: decimal, the first 31 signals (as Linux).
        (unsigned long long)(s.pending & 0x7fffffffull), (unsigned long long)(s.blocked & 0x7fffffffull),
        (unsigned long long)(s.ignored & 0x7fffffffull), (unsigned long long)(s.caught & 0x7fffffffull),
        s.exit_signal,
        (unsigned long long)(s.mm ? s.mm->brk_start() : 0), // start_brk: where the heap starts
        (unsigned long long)arg_start, (unsigned long long)arg_end, s.exit_code);
    return lib::min(length, size - 1);
}

Result<usize> proc_pid_status(Process& process, char* buffer, usize size)
{
    ProcessSnapshot s = snapshot(process);
    usize length = 0;
    auto add = [&](const char* format, auto... args) {
        if (length < size)
            length += format_to(buffer + length, size - length, format, args...);
    };
    add("Name:\t%s\n", s.comm);
    if (s.has_fs)
        add("Umask:\t%04o\n", s.umask);
    add("State:\t%s\n", s.state_name);
    add("Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", s.pid, s.pid, s.ppid);
    add("Uid:\t%u\t%u\t%u\t%u\n", s.cred.uid, s.cred.euid, s.cred.suid, s.cred.fsuid);
    add("Gid:\t%u\t%u\t%u\t%u\n", s.cred.gid, s.cred.egid, s.cred.sgid, s.cred.fsgid);
    if (s.mm && length < size) {
        // VmPeak ... VmSwap (fs/procfs_mm.cpp).
        ProcText text(buffer + length, size - length);
        proc_task_mem(text, *s.mm);
        length += text.length();
    }
    add("Threads:\t%llu\n", (unsigned long long)s.threads);
    add("SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
        (unsigned long long)s.pending, (unsigned long long)s.shared_pending, (unsigned long long)s.blocked,
        (unsigned long long)s.ignored, (unsigned long long)s.caught);
    // The leader task's own counts (Linux's task_context_switch_counts()), the last lines.
    if (s.state != 'Z')
        add("voluntary_ctxt_switches:\t%llu\nnonvoluntary_ctxt_switches:\t%llu\n", (unsigned long long)s.leader_nvcsw,
            (unsigned long long)s.leader_nivcsw);
    return lib::min(length, size - 1);
}

Result<usize> proc_pid_cmdline(Process& process, char* buffer, usize size)
{
    ProcessSnapshot s = snapshot(process);
    // A zombie has no memory left: its cmdline is empty, as on Linux.
    if (!s.mm || s.mm->arg_end <= s.mm->arg_start)
        return 0;
    // FIXME: at most one buffer (a page) of it; Linux reads any length.
    usize length = lib::min(usize(s.mm->arg_end - s.mm->arg_start), size);
    TRY(s.mm->read_bytes(s.mm->arg_start, buffer, length));
    return length;
}

Result<usize> proc_pid_comm(Process& process, char* buffer, usize size)
{
    ProcessSnapshot s = snapshot(process);
    return lib::min(format_to(buffer, size, "%s\n", s.comm), size - 1);
}

namespace {
struct NextPid {
    i32 from;
    i32 found;
};
} // namespace

i32 proc_next_pid(i32 from)
{
    NextPid next { from, 0 };
    SpinlockGuard guard(tasklist_lock);
    for_each_process_locked(
        [](Process& p, void* ctx) {
            auto& n = *static_cast<NextPid*>(ctx);
            if (!p.reaped && p.pid() >= n.from && (n.found == 0 || p.pid() < n.found))
                n.found = p.pid();
        },
        &next);
    return next.found;
}
