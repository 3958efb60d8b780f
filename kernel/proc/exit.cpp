// The end of a process (Linux's do_exit() and exit_notify()): release what it holds, hand its
// children to init, become a zombie, and tell the parent. The parent's wait reaps it (wait.cpp).

#include <abi/linux/futex.h>
#include <abi/linux/signal.h>
#include <arch/mmu.h>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <fs/tty.h>
#include <lib/printk.h>
#include <mm/address_space.h>
#include <proc/exit.h>
#include <proc/futex.h>
#include <proc/itimer.h>
#include <proc/pgrp.h>
#include <proc/process.h>
#include <proc/rusage.h>
#include <proc/signal.h>
#include <proc/task.h>
#include <sched/cpu.h>
#include <sched/cputime.h>
#include <sched/sched.h>

namespace {

// Orphans go to the nearest ancestor that is a child subreaper (prctl(PR_SET_CHILD_SUBREAPER)),
// else to init (PID 1), which reaps them (Linux's forget_original_parent(), find_new_reaper()).
void reparent_children_locked(Process& dying)
{
    Process* init = nullptr;
    for (Process* p = dying.parent; p; p = p->parent) {
        if (p->child_subreaper && p->state == ProcessState::Alive) {
            init = p;
            break;
        }
        if (p->pid() == 1)
            init = p;
    }
    if (!init || init == &dying) {
        // No init above us (a kernel-spawned process, or init itself): nobody will wait; the
        // children keep their reference until they are gone.
        // FIXME: reap them automatically.
        return;
    }
    bool zombies = false;
    while (Process* child = dying.children.pop_front()) {
        child->parent = init;
        init->children.push_back(*child); // the reference travels with the child
        // Linux's reparent_leader(): "we don't want people slaying init": the new parent hears
        // SIGCHLD whatever the old one asked for.
        child->exit_signal = SIGCHLD;
        if (child->state == ProcessState::Zombie) {
            zombies = true;
            // FIXME: a new parent that ignores SIGCHLD should reap it now (do_notify_parent()).
            (void)do_notify_parent_locked(*child, SIGCHLD);
        }
        kill_orphaned_pgrp_locked(*child, &dying); // its group may have lost its last link
    }
    if (zombies)
        init->child_exit_wait.wake_all();
}

} // namespace

// A task lets go of an address space, by exec or exit (Linux's mm_release()). If others still use
// it (vfork's parent, later the other threads), the CLONE_CHILD_CLEARTID / set_tid_address word
// is cleared for them to see; and a vfork parent, asleep until this moment, may go on.
void mm_release(Task& task, AddressSpace& mm)
{
    if (task.clear_child_tid) {
        if (mm.ref_count() > 1) {
            const i32 zero = 0;
            // Errors (EFAULT) are ignored, as Linux. The wake is a shared one (no
            // FUTEX_PRIVATE_FLAG), as Linux's, so a waiter in another process is found too.
            (void)mm.write_bytes(uptr(task.clear_child_tid), &zero, sizeof(zero));
            (void)futex_wake(mm, uptr(task.clear_child_tid), true, 1, linux_abi::FUTEX_BITSET_MATCH_ANY);
        }
        task.clear_child_tid = nullptr;
    }
    if (VforkDone* done = task.vfork_done) {
        task.vfork_done = nullptr;
        InterruptsDisabled no_irqs;
        done->done = true;
        done->wait.wake_all();
    }
}

namespace {

// The task lets go of its address space (Linux's exit_mm()). Off it first (the kernel half is the
// same in every root); take it from the task before that, so a preemption in between cannot
// switch back to it.
void exit_mm(Task& task)
{
    // Still in the task's address space: the robust list lives there (exit_mm_release()).
    exit_robust_list(task);
    RefPtr<AddressSpace> mm = static_cast<RefPtr<AddressSpace>&&>(task.mm);
    if (!mm)
        return;
    if (task.process)
        account_mm_maxrss(*task.process, *mm); // Linux's do_exit(): setmax_mm_hiwater_rss()
    mm_release(task, *mm);
    arch::switch_root(arch::kernel_root());
}

// The last thread is gone: the process becomes a zombie for its parent to reap (Linux's
// exit_notify()), its children go to a new parent, and its parent hears SIGCHLD (or the clone's
// exit signal). Returns true when the parent ignores that (SIG_IGN or SA_NOCLDWAIT): then nobody
// will wait, and the zombie has left the parent's children already; the caller drops the parent's
// reference, outside the lock.
bool exit_notify_locked(Process& process)
{
    // Linux's forget_original_parent(): first the children's parent-death signals, then the
    // children go to their new parent. FIXME(threads): Linux sends the parent-death signal when
    // the parent *thread* exits; here when the last thread of the parent process does.
    send_pdeath_signals_locked(process);
    reparent_children_locked(process);
    kill_orphaned_pgrp_locked(process, nullptr); // our own group may lose its last link with us
    // The group is dead: no more SIGALRM (Linux's do_exit() cancels the real timer then).
    exit_itimers(process);
    process.exit_status = process.group_exiting ? process.group_exit_status : process.leader_exit_status;
    process.state = ProcessState::Zombie;
    process.exited = true;
    bool autoreap = do_notify_parent_locked(process, process.exit_signal);
    if (autoreap && process.parent) {
        // Released now, as wait() would (Linux's release_task()).
        process.parent->children.remove(process);
        process.parent = nullptr;
        process.zombie_nproc.reset();
        release_process_locked(process);
    }
    process.exit_waiters.wake_all();
    return autoreap;
}

} // namespace

void do_exit(int wait_status)
{
    Task& task = *current();
    // NOTE: no RefPtr may live in this function: it never returns, so its destructor would never
    // run. The task's own reference keeps the process alive until the end.
    Process* process = task.process.ptr();
    exit_mm(task);
    task.files = nullptr; // exit_files()
    task.fs = nullptr; // exit_fs()
    bool autoreap = false;
    // The CPU time of the running slice goes to the group before the group can be reaped.
    update_curr(task);
    {
        SpinlockGuard guard(tasklist_lock);
        process->threads.remove(task); // process-directed signals no longer pick this thread
        if (task.tid() == process->pid()) {
            process->leader_exit_status = wait_status;
            // The leader's credentials and RLIMIT_NPROC slot stay with the process until it is
            // reaped (a zombie leader in Linux); another thread's slot goes now (Linux releases
            // an exiting non-leader thread at once).
            process->zombie_cred = static_cast<Credentials&&>(task.creds);
            process->zombie_nproc = static_cast<NprocCharge&&>(task.nproc);
        } else {
            task.nproc.reset();
        }
        if (--process->live_threads == 0) {
            // A session leader's exit hangs up its controlling terminal (Linux's do_exit():
            // disassociate_ctty(1)).
            if (process->session_leader)
                disassociate_ctty_locked(*process);
            autoreap = exit_notify_locked(*process);
        }
        else if (process->live_threads == 1 && process->group_exec_task)
            process->group_exec_wait.wake_all(); // de_thread(): the exec'ing thread is alone now
    }
    if (autoreap)
        process->unref(); // the parent's reference; ours (task.process) keeps it until below
    task.process = nullptr;
    kthread_exit(wait_status);
}

void zap_other_threads_locked(Process& process, Task& except)
{
    for (Task& thread : process.threads) {
        if (&thread != &except)
            signal_kill_thread_locked(thread);
    }
}

void do_group_exit(int wait_status)
{
    Task& task = *current();
    Process& process = *task.process;
    {
        SpinlockGuard guard(tasklist_lock);
        if (process.group_exiting) {
            wait_status = process.group_exit_status; // the first exit_group's status wins
        } else if (process.group_exec_task) {
            // Killed by another thread's exec: only this thread ends; the process goes on.
        } else {
            process.group_exiting = true;
            process.group_exit_status = wait_status;
            zap_other_threads_locked(process, task);
        }
    }
    do_exit(wait_status);
}
