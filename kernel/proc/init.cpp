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
#include <proc/run.h>
#include <proc/spawn.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>

namespace {

char init_path[256] = "/sbin/init";
const char* const envp[] = { "HOME=/", "TERM=linux", nullptr };
const char* argv[3];
SpawnRequest request;

void watch_init(void* arg)
{
    auto* init = static_cast<Process*>(arg);
    int code = shell_exit_code(wait_for_exit(*init));
    printk("sprout: init exited with status %d\n", code);
    arch::power_off(code);
}

} // namespace

void start_init(const char* cmdline)
{
    // FIXME: Linux falls back to /etc/init, /bin/init and /bin/sh when init= cannot run; here a
    // failed exec ends PID 1 with status 127 or 126 and the machine stops with it.
    cmdline_get(cmdline, "init", init_path, sizeof(init_path));
    bool run = run_requested(cmdline);
    argv[0] = init_path;
    argv[1] = run ? "--idle" : nullptr; // the command is the kernel's to start (proc/run.cpp)
    argv[2] = nullptr;
    request.argv = argv;
    request.envp = envp;
    auto init = spawn_user_process(request);
    if (init.is_error())
        panic("init: cannot create PID 1: %s", errno_name(init.error()));
    if (init.value()->pid() != 1)
        panic("init: PID 1 came out as %d (a thread was created before it)", init.value()->pid());
    if (run)
        start_run_command(cmdline, *init.value()); // PID 2
    if (kthread_run("init-watch", watch_init, &init.release_value().leak_ref()).is_error())
        panic("init: cannot watch PID 1");
}
