// PID 1: the first user process (Linux's kernel_init()/run_init_process()). A kernel thread gets
// a process, execs the init program, and leaves for user mode. When PID 1 ends, so does the
// machine: its exit status becomes the machine's (the runner reports it).

#include <arch/cpu.h>
#include <arch/user.h>
#include <lib/cmdline.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <proc/exec.h>
#include <proc/init.h>
#include <proc/process.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>

namespace {

char init_path[256] = "/sbin/init";

void run_init(void*)
{
    // Linux's order: init= first, then the usual places; the first that execs is PID 1.
    const char* candidates[] = { init_path, "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
    const char* envp[] = { "HOME=/", "TERM=linux", nullptr };
    for (const char* path : candidates) {
        const char* argv[] = { path, nullptr };
        auto result = do_execve(path, { argv, false }, { envp, false });
        if (!result.is_error()) {
            // Boot time as a user sees it: from power-on to PID 1's first instruction.
            printk("init: %s starts at %lu us after power-on\n", path, ktime_get_ns() / 1000);
            Task& task = *current();
            arch::enter_user_mode(arch::user_registers(task.kernel_stack_top()));
        }
        printk("init: cannot run %s: %s\n", path, errno_name(result.error()));
    }
    panic("No working init found. Try passing init= option to kernel.");
}

void wait_for_init(void* arg)
{
    auto* init = static_cast<Process*>(arg);
    init->exit_waiters.wait_event([init] { return init->exited; });
    int status = init->exit_status;
    // A shell's convention for the status: the exit code, or 128 + the signal.
    int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
    printk("sprout: init exited with status %d\n", code);
    arch::power_off(code);
}

} // namespace

void start_init(const char* cmdline)
{
    cmdline_get(cmdline, "init", init_path, sizeof(init_path));
    auto process = Process::create(1);
    if (process.is_error())
        panic("init: no memory for PID 1");
    auto task = Task::create_kernel_thread("init", run_init, nullptr);
    if (task.is_error())
        panic("init: no memory for PID 1's thread");
    task.value()->process = process.value();
    if (kthread_run("reaper", wait_for_init, process.value().ptr()).is_error())
        panic("init: cannot watch PID 1");
    wake_up_new_task(*task.value());
    process.value()->ref(); // held by the watcher until the machine stops
}
