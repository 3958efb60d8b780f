// `./sprout run -- CMD`, the kernel's side (docs/runner.md, "interim design"): until fork exists,
// the kernel itself starts CMD as PID 1's child, with the state the protocol fixes, and reports
// its status on the console when it ends.
//
// FIXME: with fork, this file goes: the kernel execs `/sbin/init --run CMD...` and init does it.

#include <abi/linux/fcntl.h>
#include <arch/cpu.h>
#include <fs/vfs.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <proc/run.h>
#include <proc/spawn.h>
#include <runarg.h> // userland/init/runarg.h: the one decoder of sprout.run=
#include <sched/sched.h>

namespace {

constexpr usize MAX_RUN_ARGS = 1024;
const char* const run_envp[] = { "HOME=/", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "TERM=linux", nullptr };
constexpr const char* run_path = "/usr/sbin:/usr/bin:/sbin:/bin";

char decoded[4096];
const char* run_argv[MAX_RUN_ARGS + 1];
SpawnRequest request;

Result<void> open_on(FileTable& files, int fd, const char* path, u32 flags)
{
    VfsContext ctx { MUST(FsContext::create()), nullptr, Credentials {} };
    auto file = TRY(vfs_open(ctx, linux_abi::AT_FDCWD, path, flags, 0));
    TRY(files.install_at(fd, file, false, 3));
    return {};
}

// fds 0, 1, 2: /dev/null and the two channels to the runner; nothing else.
Result<void> open_run_stdio(Task& task, void*)
{
    TRY(open_on(*task.files, 0, "/dev/null", linux_abi::O_RDONLY));
    TRY(open_on(*task.files, 1, "/dev/sprout/stdout", linux_abi::O_WRONLY));
    TRY(open_on(*task.files, 2, "/dev/sprout/stderr", linux_abi::O_WRONLY));
    return {};
}

void watch_command(void* arg)
{
    auto* command = static_cast<Process*>(arg);
    int code = shell_exit_code(wait_for_exit(*command));
    printk("sprout: exit status %d\n", code);
    arch::power_off(0);
}

} // namespace

bool run_requested(const char* cmdline)
{
    usize length;
    return sprout_runarg_find(cmdline, strlen(cmdline), &length) != nullptr;
}

void start_run_command(const char* cmdline, Process& init)
{
    usize length;
    const char* value = sprout_runarg_find(cmdline, strlen(cmdline), &length);
    int argc = value ? sprout_runarg_decode(value, length, decoded, sizeof(decoded), nullptr) : -1;
    if (argc <= 0 || argc > int(MAX_RUN_ARGS)) {
        printk("run: malformed sprout.run= on the command line: no command started\n");
        return;
    }
    const char* p = decoded;
    for (int i = 0; i < argc; ++i) {
        run_argv[i] = p;
        p += strlen(p) + 1;
    }
    run_argv[argc] = nullptr;
    request.argv = run_argv;
    request.envp = run_envp;
    request.path = run_path;
    request.parent = &init;
    request.prepare = open_run_stdio;
    auto command = spawn_user_process(request);
    if (command.is_error()) {
        printk("run: cannot start %s: %s\n", run_argv[0], errno_name(command.error()));
        return;
    }
    if (kthread_run("run-watch", watch_command, &command.release_value().leak_ref()).is_error())
        printk("run: cannot watch the command\n");
}
