// The end of a process (Linux's do_exit()), reduced to what exists before fork and wait: release
// what the process holds, record its status, wake whoever waits, end the task.

#include <abi/linux/signal.h>
#include <arch/mmu.h>
#include <fs/file_table.h>
#include <fs/fs_context.h>
#include <lib/printk.h>
#include <mm/address_space.h>
#include <proc/exit.h>
#include <proc/process.h>
#include <sched/cpu.h>
#include <sched/sched.h>

void do_exit(int wait_status)
{
    Task& task = *current();
    NonnullRefPtr<Process> process = *task.process;
    // Off this address space before it can go: the kernel half is the same in every root.
    arch::switch_root(arch::kernel_root());
    process->mm = nullptr;
    process->files = nullptr;
    process->fs = nullptr;
    {
        InterruptsDisabled no_irqs; // the status and the wake-up, seen together
        process->exit_status = wait_status;
        process->exited = true;
        process->exit_waiters.wake_all();
    }
    task.process = nullptr;
    kthread_exit(wait_status);
}

void force_fatal_signal(int signal)
{
    // Linux's default action for these signals is to dump core; with RLIMIT_CORE at 0 (our
    // default) there is no core, so the wait status is the bare signal number.
    do_exit(signal & 0x7f);
}

void return_to_user_work()
{
    if (this_cpu().need_resched)
        schedule();
}
