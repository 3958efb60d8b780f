#include <arch/user.h>
#include <fs/vfs.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/slab.h>
#include <proc/exec.h>
#include <proc/exit.h>
#include <proc/spawn.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>

namespace {

// Try each directory of `path` in turn, as execvp() does: the first exec that works wins; ENOENT
// moves on, any other error is remembered (and wins over ENOENT at the end, so that a program
// found but not executable reports EACCES).
Result<void> exec_searching(const SpawnRequest& request)
{
    const char* program = request.argv[0];
    ExecVector argv { request.argv, false };
    ExecVector envp { request.envp, false };
    if (!request.path || strchr(program, '/'))
        return do_execve(program, argv, envp);
    char* candidate = static_cast<char*>(kmalloc(4096));
    if (!candidate)
        return Errno::ENOMEM;
    Errno error = Errno::ENOENT;
    for (const char* dir = request.path; *dir;) {
        const char* end = dir;
        while (*end && *end != ':')
            ++end;
        usize dir_length = usize(end - dir), name_length = strlen(program);
        if (dir_length + 1 + name_length < 4096) {
            memcpy(candidate, dir, dir_length);
            candidate[dir_length] = '/';
            memcpy(candidate + dir_length + 1, program, name_length + 1);
            auto result = do_execve(candidate, argv, envp);
            if (!result.is_error()) {
                kfree(candidate);
                return {};
            }
            if (result.error() != Errno::ENOENT)
                error = result.error();
        }
        dir = *end ? end + 1 : end;
    }
    kfree(candidate);
    return error;
}

void spawned_main(void* arg)
{
    auto* request = static_cast<const SpawnRequest*>(arg);
    Process& process = current_process();
    Result<void> result = request->prepare ? request->prepare(*current(), request->ctx) : Result<void> {};
    if (!result.is_error())
        result = exec_searching(*request);
    if (result.is_error()) {
        printk("spawn: cannot run %s: %s\n", request->argv[0], errno_name(result.error()));
        do_exit((result.error() == Errno::ENOENT ? 127 : 126) << 8);
    }
    // Boot time as a user sees it, for PID 1: from power-on to its first instruction.
    printk("spawn: %s is pid %d, starting at %lu us after power-on\n", process.exe_path, process.pid(),
        ktime_get_ns() / 1000);
    Task& task = *current();
    arch::enter_user_mode(arch::user_registers(task.kernel_stack_top()));
}

} // namespace

Result<NonnullRefPtr<Process>> spawn_user_process(const SpawnRequest& request)
{
    // NOTE: `request` must stay valid until the new process has exec'd (callers keep it static).
    auto task = TRY(Task::create_kernel_thread(request.argv[0], spawned_main, const_cast<SpawnRequest*>(&request)));
    // A process's id is its first thread's id, as in Linux.
    auto process = TRY(Process::create(task->tid()));
    task->give_id_to(*process);
    task->nproc = TRY(NprocCharge::take(task->creds.uid)); // root, as Linux's init
    // A fresh view of the tree (root and cwd "/", umask 022) and an empty descriptor table; the
    // caller's prepare() opens descriptors, else 0, 1 and 2 go to the console as for PID 1.
    task->fs = TRY(FsContext::create());
    task->files = TRY(FileTable::create());
    if (!request.prepare)
        TRY(open_stdio_on_console(*task->files));
    task->sighand = TRY(SigHand::create());
    task->process = process;
    publish_process(*process, request.parent, *task);
    wake_up_new_task(*task);
    return process;
}

int wait_for_exit(Process& process)
{
    process.exit_waiters.wait_event([&] { return process.exited; });
    return process.exit_status;
}
