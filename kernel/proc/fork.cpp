// fork, vfork and clone: kernel_clone() and copy_process(), in Linux's order of steps
// (kernel/fork.c). Each step is a function; each thing a step builds is owned by a RefPtr, so a
// failure at any step unwinds everything built so far by going out of scope, and returns the
// errno Linux would. Nothing is visible to anyone else until the one commit point at the end,
// after the last step that can fail.

#include <abi/linux/signal.h>
#include <arch/user.h>
#include <atomic>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/page_alloc.h>
#include <mm/uaccess.h>
#include <proc/clone_validate.h>
#include <proc/exit.h>
#include <proc/fork.h>
#include <proc/fork_trace.h>
#include <proc/pid.h>
#include <proc/pidfd.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace clone_flags;

namespace {

// What Sprout cannot do yet, refused after Linux's own checks (validate_clone_flags(),
// proc/clone_validate.cpp) have had their say.
// Sprout is a Linux built without namespaces: such a Linux fails these flags with EINVAL where
// it would create the namespace. A new user namespace would be made with the credentials
// (copy_creds(), before the RLIMIT_NPROC check), the others in copy_namespaces() after copy_mm().
Result<void> copy_creds_namespace(u64 f) { return (f & CLONE_NEWUSER) ? Result<void>(Errno::EINVAL) : Result<void> {}; }
Result<void> copy_namespaces(u64 f)
{
    return (f & CLONE_NEW_NAMESPACES) ? Result<void>(Errno::EINVAL) : Result<void> {};
}

// The child's credentials are a copy of the parent's, and it counts towards its real user's
// RLIMIT_NPROC from here on (Linux's copy_creds() and its inc_rlimit_ucounts()).
Result<void> copy_creds(const Task& parent, Task& child)
{
    child.creds = parent.creds;
    child.nproc = TRY(NprocCharge::take(parent.creds.uid));
    // Linux's dup_task_struct() copies the flags, PF_NPROC_EXCEEDED among them.
    child.nproc_exceeded = parent.nproc_exceeded;
    return {};
}

// RLIMIT_NPROC: the real user's tasks, the new child included, may not be more than the limit;
// root (INIT_USER) and the privileged (CAP_SYS_RESOURCE: euid 0) are exempt. Zombies count until
// reaped. A fork that passes the check clears the parent's PF_NPROC_EXCEEDED, as in Linux.
Result<void> check_nproc_limit(Task& parent, const Task& child, const Process& parent_process)
{
    if (nproc_over_limit(child.creds.uid, parent_process.rlimits[RLIMIT_NPROC].soft) && child.creds.uid != 0
        && !parent.creds.capable())
        return Errno::EAGAIN;
    parent.nproc_exceeded = false;
    return {};
}

Result<void> copy_files(u64 flags, Task& parent, Task& child, ForkTrace& trace)
{
    if (!parent.files)
        return {};
    child.files = (flags & CLONE_FILES) ? parent.files : RefPtr<FileTable>(TRY(parent.files->clone()));
    trace.step("copy_files", (flags & CLONE_FILES) ? "shared" : "copied");
    return {};
}

Result<void> copy_fs(u64 flags, Task& parent, Task& child, ForkTrace& trace)
{
    if (!parent.fs)
        return {};
    child.fs = (flags & CLONE_FS) ? parent.fs : RefPtr<FsContext>(TRY(parent.fs->clone()));
    trace.step("copy_fs", (flags & CLONE_FS) ? "shared" : "copied");
    return {};
}

// The handler table: shared with CLONE_SIGHAND, else copied (and reset with CLONE_CLEAR_SIGHAND).
// The child's blocked mask and alternate stack come along; its pending sets start empty.
Result<void> copy_sighand_step(u64 flags, Task& parent, Task& child, ForkTrace& trace)
{
    if (!parent.sighand)
        return {};
    TRY(copy_sighand(flags, parent, child));
    trace.step("copy_sighand", (flags & CLONE_SIGHAND) ? "shared" : (flags & CLONE_CLEAR_SIGHAND) ? "copied, reset" : "copied");
    return {};
}

// The thread group's signal state (shared pending set, stop state) lives in the Process: a new
// thread shares its group's; a new process starts with nothing pending, not stopped.
void copy_signal(u64 flags, Process& child, ForkTrace& trace)
{
    if (flags & CLONE_THREAD) {
        trace.step("copy_signal", "shared (thread group)");
        return;
    }
    VERIFY(!child.shared_pending.signal && !child.signal_flags);
    trace.step("copy_signal", "new (nothing pending)");
}

// CLONE_VM shares the address space (vfork, threads); otherwise it is copied copy-on-write.
Result<void> copy_mm(u64 flags, Task& parent, Task& child, ForkTrace& trace)
{
    if (!parent.mm)
        return {};
    if (flags & CLONE_VM) {
        child.mm = parent.mm;
        trace.step("copy_mm", "shared (no page-table copy)");
        return {};
    }
    AddressSpace::ForkStats stats;
    usize tables_before = nr_pgtable_pages();
    child.mm = TRY(parent.mm->fork(stats));
    trace.step("copy_mm", "copied: %lu regions, %lu pages COW, %lu shared, %lu page tables", stats.regions,
        stats.cow_pages, stats.shared_pages, nr_pgtable_pages() - tables_before);
    return {};
}

// Everything a process inherits that is not a separate shared-or-copied part. (The exit signal
// is chosen at the commit point: CLONE_PARENT's depends on the parent.)
void copy_process_attributes(const Process& parent, Process& child)
{
    memcpy(child.rlimits, parent.rlimits, sizeof(child.rlimits));
    child.pgid = parent.pgid;
    child.sid = parent.sid;
    child.tty = parent.tty;
    child.fork_no_exec = true;
    memcpy(child.exe_path, parent.exe_path, sizeof(child.exe_path));
    memcpy(child.comm, parent.comm, sizeof(child.comm));
}

// What the child must not inherit (Linux's copy_process() after dup_task_struct(): pending
// signals, timers, usage statistics). The new Task starts with no pending signal, no parent-death
// signal and zero usage (CPU time, context switches, page faults: getrusage(RUSAGE_THREAD) of the
// child starts at 0), said here explicitly. A new process (alloc_pid_and_group()) starts with no
// interval timer armed (setitimer: "a child created by fork() does not inherit its parent's
// interval timers"), zero usage and no children's usage; a thread shares its group's. The task
// starts "new", not runnable (TaskState::New) until wake_up_new_task().
void clear_uninherited(Task& child)
{
    child.usage = {};
    child.exec_start = 0;
    child.pdeath_signal = 0;
    VERIFY(!child.pending.signal);
}

// Linux's total_forks: every successful clone since boot (/proc/stat's "processes").
std::atomic<u64> total_forks;

struct NewChild {
    NonnullRefPtr<Task> task;
    NonnullRefPtr<Process> process; // a new process, or for CLONE_THREAD the caller's own
};

// alloc_pid() and the thread group: a thread joins the caller's process under a tid of its own;
// anything else starts a new process whose pid is the new task's id (Linux's
// `p->tgid = (clone_flags & CLONE_THREAD) ? current->tgid : p->pid`). clone3's set_tid asks for
// a particular id (root only; EEXIST if taken): Sprout's task took an id when it was made, and
// trades it here, where Linux allocates it.
Result<NonnullRefPtr<Process>> alloc_pid_and_group(const CloneArgs& args, Process& parent, Task& task, ForkTrace& trace)
{
    if (args.set_tid_size) {
        // CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN: root, for Sprout.
        TRY(check_set_tid(args, pid_max(), task.creds.capable()));
        task.replace_id(TRY(alloc_pid_exact(args.set_tid[0])));
    }
    const char* how = args.set_tid_size ? " (set_tid)" : "";
    if (args.flags & CLONE_THREAD) {
        trace.step("alloc_pid", "tid %d in thread group %d%s", task.tid(), parent.pid(), how);
        return NonnullRefPtr<Process>(parent);
    }
    auto process = TRY(Process::create(task.tid()));
    task.give_id_to(*process);
    copy_process_attributes(parent, *process);
    trace.step("alloc_pid", "pid %d%s", process->pid(), how);
    return process;
}

// CLONE_PIDFD, Linux's order: the descriptor number is reserved and the pidfd made before the
// commit point, and the number stored for the caller then, so that a bad pointer fails the whole
// clone (EFAULT) with nothing to undo but these two; the file is installed only after the commit
// point, when the child exists for everyone. It comes after copy_files() and copy_mm(): a child
// with its own table does not inherit its own pidfd, nor sees the number in its memory.
struct PendingPidfd {
    ReservedFd fd;
    RefPtr<OpenFile> file; // null: no CLONE_PIDFD
};

Result<void> prepare_pidfd(
    const CloneArgs& args, Task& parent_task, const Process& parent, NonnullRefPtr<Process> child, PendingPidfd& out)
{
    constexpr usize RLIMIT_NOFILE = 7;
    out.fd = TRY(ReservedFd::reserve(*parent_task.files, true, parent.rlimits[RLIMIT_NOFILE].soft));
    auto file = TRY(pidfd_create_file(static_cast<NonnullRefPtr<Process>&&>(child), 0));
    TRY(put_user(args.pidfd, out.fd.fd()));
    out.file = file;
    return {};
}

// cgroup_can_fork(): CLONE_INTO_CGROUP names a cgroup2 directory by descriptor. Sprout has no
// cgroup file system, so no descriptor can name one, and Linux's answer for a descriptor that is
// not a cgroup directory (or not open) is EBADF.
Result<void> cgroup_can_fork(const CloneArgs& args)
{
    if (args.flags & CLONE_INTO_CGROUP)
        return Errno::EBADF;
    return {};
}

Result<NewChild> copy_process(const CloneArgs& args, ForkTrace& trace)
{
    Task& parent_task = *current();
    Process& parent = current_process();

    TRY(validate_clone_flags(args.flags, parent.pid() == 1));
    trace.step("validate_clone_flags");
    // dup_task_struct(): a new task and kernel stack, with an id of its own.
    auto task = TRY(Task::create_for_fork(parent_task));
    trace.step("dup_task_struct", "task %d, 16 KiB kernel stack", task->tid());
    // CLONE_CHILD_CLEARTID: remembered now, acted on when the child lets go of its address space
    // (mm_release()).
    if (args.flags & CLONE_CHILD_CLEARTID)
        task->clear_child_tid = args.child_tid;
    TRY(copy_creds(parent_task, *task));
    TRY(copy_creds_namespace(args.flags));
    trace.step("copy_creds", "uid %u", task->creds.uid);
    TRY(check_nproc_limit(parent_task, *task, parent));
    // The count is a lookup under the ucounts lock: only for the trace, not on every fork.
    if (trace.enabled())
        trace.step("check RLIMIT_NPROC", "%lu tasks of uid %u", nproc_count(task->creds.uid), task->creds.uid);
    clear_uninherited(*task);
    auto process = TRY(alloc_pid_and_group(args, parent, *task, trace));
    // CLONE_SYSVSEM (copy_semundo(): share the System V semaphore undo list) has nothing to share:
    // Sprout has no System V semaphores. Accepted, as Linux accepts it.
    TRY(copy_files(args.flags, parent_task, *task, trace));
    TRY(copy_fs(args.flags, parent_task, *task, trace));
    TRY(copy_sighand_step(args.flags, parent_task, *task, trace));
    copy_signal(args.flags, *process, trace);
    TRY(copy_mm(args.flags, parent_task, *task, trace));
    TRY(copy_namespaces(args.flags));
    // CLONE_IO (copy_io(): share the I/O context, for I/O scheduling) has nothing to share:
    // accepted without effect, as on a Linux without a block layer.
    // copy_thread(): the child returns 0 from the system call, on its own stack if given.
    arch::copy_thread(parent_task.context, arch::user_registers(parent_task.kernel_stack_top()), task->context,
        task->kernel_stack_top(), { args.stack, bool(args.flags & CLONE_SETTLS), args.tls });
    trace.step("copy_thread", args.stack ? "returns 0 on a new stack" : "returns 0");
    PendingPidfd pidfd;
    if (args.flags & CLONE_PIDFD) {
        // FIXME: with threads, CLONE_PIDFD | CLONE_THREAD makes a thread pidfd (PIDFD_THREAD),
        // which polls for that thread's exit; today it refers to the group.
        TRY(prepare_pidfd(args, parent_task, parent, process, pidfd));
        trace.step("pidfd", "fd %d reserved and stored", pidfd.fd.fd());
    }
    TRY(cgroup_can_fork(args));
    // Linux's child stores its tid itself, in schedule_tail(), its first act; a bad address is
    // ignored there. Nobody else can see the child's memory before it runs, so storing it now is
    // the same. (With CLONE_VM it is the parent's memory, which is asleep in vfork or, for
    // threads, in a store that races nothing it could read first.)
    if ((args.flags & CLONE_CHILD_SETTID) && task->mm) {
        i32 tid = task->tid();
        (void)task->mm->write_bytes(uptr(args.child_tid), &tid, sizeof(tid));
    }
    // CLONE_UNTRACED (do not let a tracer attach through CLONE_PTRACE) and CLONE_PTRACE itself
    // have no effect: there is no ptrace. CLONE_DETACHED is accepted by clone() and ignored, as
    // Linux does (clone3 refuses it).

    // The commit point: the child becomes visible (pid table, its parent's children; a thread, its
    // group's thread list). Nothing after this can fail. A thread cannot join a group that is
    // dying or exec'ing (it would miss the kill that ends the others): that is checked under
    // the same lock that publishes it, and unwinds like any earlier failure.
    task->process = process;
    if (args.flags & CLONE_THREAD) {
        if (auto published = publish_thread(*process, *task); published.is_error()) {
            task->process = nullptr;
            return published.error();
        }
        trace.step("commit", "visible: thread %d of process %d", task->tid(), process->pid());
    } else {
        // CLONE_PARENT: the child is our sibling, and exits with the signal our own exit sends.
        Process* real_parent = (args.flags & CLONE_PARENT) ? parent.parent : &parent;
        process->exit_signal = (args.flags & CLONE_PARENT) ? parent.exit_signal : args.exit_signal;
        publish_process(*process, real_parent, *task);
        trace.step("commit", "visible: pid table, parent's children");
    }
    total_forks.fetch_add(1, std::memory_order_relaxed);
    if (pidfd.file) {
        int fd = pidfd.fd.fd();
        pidfd.fd.install(*pidfd.file);
        trace.step("fd_install pidfd", "fd %d", fd);
    }
    return NewChild { task, process };
}

} // namespace

u64 nr_forks() { return total_forks.load(std::memory_order_relaxed); }

Result<i32> kernel_clone(const CloneArgs& args)
{
    ForkTrace trace;
    TRY(check_pidfd_parent_tid(args));
    NewChild child = TRY(copy_process(args, trace));
    i32 pid = child.task->tid(); // for a new process, its pid
    // Into the parent's memory, after the child exists; a bad address is ignored (Linux's
    // put_user() here has its result dropped).
    if (args.flags & CLONE_PARENT_SETTID)
        (void)put_user(args.parent_tid, pid);
    VforkDone vfork_done;
    if (args.flags & CLONE_VFORK)
        child.task->vfork_done = &vfork_done;
    wake_up_new_task(*child.task);
    trace.step("wake_up_new_task", sched_child_runs_first ? "child runs first" : "parent runs first");
    trace.finish(args.syscall_name, current_process().pid(), pid, args.flags, args.exit_signal);
    // vfork: the child borrows our address space; we sleep until it execs or exits, or until we
    // are killed (Linux's wait_for_vfork_done()): then the child must not touch our VforkDone.
    if (args.flags & CLONE_VFORK) {
        auto waited = vfork_done.wait.wait_event_killable([&] { return vfork_done.done; });
        if (waited.is_error()) {
            InterruptsDisabled no_irqs; // as mm_release(), which reads it
            if (child.task->vfork_done == &vfork_done)
                child.task->vfork_done = nullptr;
        }
    }
    return pid;
}
