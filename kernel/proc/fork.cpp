// fork, vfork and clone: kernel_clone() and copy_process(), in Linux's order of steps
// (kernel/fork.c). Each step is a function; each thing a step builds is owned by a RefPtr, so a
// failure at any step unwinds everything built so far by going out of scope, and returns the
// errno Linux would. Nothing is visible to anyone else until the one commit point at the end,
// after the last step that can fail.

#include <abi/linux/signal.h>
#include <arch/user.h>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/address_space.h>
#include <mm/uaccess.h>
#include <proc/exit.h>
#include <mm/page_alloc.h>
#include <proc/fork.h>
#include <proc/fork_trace.h>
#include <proc/process.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>

using namespace clone_flags;

namespace {

// Linux's checks at the top of copy_process(), in its order.
Result<void> validate_clone_flags(const CloneArgs& args, const Process& parent)
{
    u64 f = args.flags;
    if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
        return Errno::EINVAL;
    if ((f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
        return Errno::EINVAL;
    // Threads share signal handlers; shared handlers need a shared address space.
    if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
        return Errno::EINVAL;
    if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
        return Errno::EINVAL;
    // init's siblings would have no parent to reap them.
    if ((f & CLONE_PARENT) && parent.pid() == 1)
        return Errno::EINVAL;
    if ((f & CLONE_THREAD) && (f & (CLONE_NEWUSER | CLONE_NEWPID)))
        return Errno::EINVAL;
    if ((f & CLONE_PIDFD) && (f & (CLONE_DETACHED | CLONE_THREAD)))
        return Errno::EINVAL;
    // Sprout is a Linux built without namespaces: such a Linux refuses them with EINVAL.
    if (f & CLONE_NEW_NAMESPACES)
        return Errno::EINVAL;
    // Sharing the handlers and resetting them at once makes no sense (Linux: clone3_args_valid()).
    if ((f & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
        return Errno::EINVAL;
    // FIXME: threads (CLONE_THREAD) and pidfds (CLONE_PIDFD) are the next steps of the
    // process-creation issue; until they exist these flags are refused, never ignored.
    if (f & (CLONE_THREAD | CLONE_PIDFD | CLONE_INTO_CGROUP))
        return Errno::EINVAL;
    return {};
}

// RLIMIT_NPROC counts the real user's processes; root is exempt (Linux: INIT_USER, or
// CAP_SYS_RESOURCE/CAP_SYS_ADMIN).
Result<void> check_nproc_limit(const Process& parent)
{
    constexpr usize RLIMIT_NPROC = 6;
    if (parent.creds.uid == 0)
        return {};
    if (count_processes_of(parent.creds.uid) >= parent.rlimits[RLIMIT_NPROC].soft)
        return Errno::EAGAIN;
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

// Everything a process inherits that is not a separate shared-or-copied part.
void copy_process_attributes(const Process& parent, Process& child, int exit_signal)
{
    child.creds = parent.creds;
    memcpy(child.rlimits, parent.rlimits, sizeof(child.rlimits));
    memcpy(child.exe_path, parent.exe_path, sizeof(child.exe_path));
    memcpy(child.comm, parent.comm, sizeof(child.comm));
    child.exit_signal = exit_signal;
}

struct NewChild {
    NonnullRefPtr<Task> task;
    NonnullRefPtr<Process> process; // a new process, or for CLONE_THREAD the caller's own
};

// alloc_pid() and the thread group: a thread joins the caller's process under a tid of its own;
// anything else starts a new process whose pid is the new task's id (Linux's
// `p->tgid = (clone_flags & CLONE_THREAD) ? current->tgid : p->pid`).
Result<NonnullRefPtr<Process>> alloc_pid_and_group(const CloneArgs& args, Process& parent, Task& task, ForkTrace& trace)
{
    if (args.flags & CLONE_THREAD) {
        trace.step("alloc_pid", "tid %d in thread group %d", task.tid(), parent.pid());
        return NonnullRefPtr<Process>(parent);
    }
    auto process = TRY(Process::create(task.tid()));
    task.give_id_to(*process);
    copy_process_attributes(parent, *process, args.exit_signal);
    trace.step("alloc_pid", "pid %d", process->pid());
    return process;
}

Result<NewChild> copy_process(const CloneArgs& args, ForkTrace& trace)
{
    Task& parent_task = *current();
    Process& parent = current_process();

    TRY(validate_clone_flags(args, parent));
    trace.step("validate_clone_flags");
    // dup_task_struct(): a new task and kernel stack; its id is its pid (alloc_pid).
    // (Linux allocates the pid a few steps later; allocating it with the task keeps one owner.)
    auto task = TRY(Task::create_for_fork(parent_task));
    trace.step("dup_task_struct", "task %d, 16 KiB kernel stack", task->tid());
    TRY(check_nproc_limit(parent));
    trace.step("check RLIMIT_NPROC");
    // What the child must not inherit (pending signals, the parent-death signal) starts empty in a
    // new Task (timers and usage statistics do not exist yet); the task starts "new", not
    // runnable (TaskState::New) until wake_up_new_task().
    auto process = TRY(alloc_pid_and_group(args, parent, *task, trace));
    TRY(copy_files(args.flags, parent_task, *task, trace));
    TRY(copy_fs(args.flags, parent_task, *task, trace));
    TRY(copy_sighand_step(args.flags, parent_task, *task, trace));
    copy_signal(args.flags, *process, trace);
    TRY(copy_mm(args.flags, parent_task, *task, trace));
    // copy_thread(): the child returns 0 from the system call, on its own stack if given.
    arch::copy_thread(parent_task.context, arch::user_registers(parent_task.kernel_stack_top()), task->context,
        task->kernel_stack_top(), { args.stack, bool(args.flags & CLONE_SETTLS), args.tls });
    trace.step("copy_thread", args.stack ? "returns 0 on a new stack" : "returns 0");
    if (args.flags & CLONE_CHILD_SETTID) {
        i32 tid = task->tid();
        TRY(task->mm->write_bytes(uptr(args.child_tid), &tid, sizeof(tid)));
    }
    if (args.flags & CLONE_CHILD_CLEARTID)
        task->clear_child_tid = args.child_tid;
    if (args.flags & CLONE_PARENT_SETTID)
        TRY(put_user(args.parent_tid, task->tid()));

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
        return NewChild { task, process };
    }
    publish_process(*process, (args.flags & CLONE_PARENT) ? parent.parent : &parent, *task);
    trace.step("commit", "visible: pid table, parent's children");
    return NewChild { task, process };
}

} // namespace

Result<i32> kernel_clone(const CloneArgs& args)
{
    ForkTrace trace;
    NewChild child = TRY(copy_process(args, trace));
    i32 pid = child.task->tid(); // for a new process, its pid
    VforkDone vfork_done;
    if (args.flags & CLONE_VFORK)
        child.task->vfork_done = &vfork_done;
    wake_up_new_task(*child.task);
    trace.step("wake_up_new_task", sched_child_runs_first ? "child runs first" : "parent runs first");
    trace.finish(current_process().pid(), pid, args.flags, args.exit_signal);
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
