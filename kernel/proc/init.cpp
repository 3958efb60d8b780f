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
#include <proc/spawn.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>

namespace {

char init_path[256] = "/sbin/init";

// Linux's order: init= first, then the usual places; the first that execs becomes PID 1.
const char* const envp[] = { "HOME=/", "TERM=linux", nullptr };
const char* const candidates[] = { init_path, "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
usize next_candidate;
const char* argv[2];
SpawnRequest request;

void watch_init(void* arg)
{
    auto* init = static_cast<Process*>(arg);
    int status = wait_for_exit(*init);
    // A shell's convention for the status: the exit code, or 128 + the signal.
    int code = (status & 0x7f) ? 128 + (status & 0x7f) : (status >> 8) & 0xff;
    printk("sprout: init exited with status %d\n", code);
    arch::power_off(code);
}

} // namespace

void start_init(const char* cmdline)
{
    cmdline_get(cmdline, "init", init_path, sizeof(init_path));
    // FIXME: try the other candidates when init= fails (Linux does), once a failed spawn can be
    // told from a program that ran and exited.
    (void)next_candidate;
    argv[0] = candidates[0];
    argv[1] = nullptr;
    request.argv = argv;
    request.envp = envp;
    auto init = spawn_user_process(request);
    if (init.is_error())
        panic("init: cannot create PID 1: %s", errno_name(init.error()));
    if (init.value()->pid() != 1)
        panic("init: PID 1 came out as %d (a thread was created before it)", init.value()->pid());
    if (kthread_run("init-watch", watch_init, &init.release_value().leak_ref()).is_error())
        panic("init: cannot watch PID 1");
}
