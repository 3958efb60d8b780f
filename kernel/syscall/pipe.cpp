// pipe(2) and pipe2(2).

#include <fs/pipe.h>
#include <syscall/fs_common.h>
#include <syscall/syscall.h>

using namespace fs_syscall;

static Result<i64> sys_pipe2(int* user_fds, u32 flags)
{
    if (flags & ~(linux_abi::O_CLOEXEC | linux_abi::O_NONBLOCK | linux_abi::O_DIRECT))
        return Errno::EINVAL;
    auto ends = TRY(create_pipe(flags));
    FileTable& files = current_files();
    bool cloexec = flags & linux_abi::O_CLOEXEC;
    int fds[2];
    fds[0] = TRY(files.allocate(ends.read_end, cloexec, nofile_limit()));
    auto second = files.allocate(ends.write_end, cloexec, nofile_limit());
    if (second.is_error()) {
        (void)files.close(fds[0]);
        return second.error();
    }
    fds[1] = second.value();
    if (auto copied = copy_to_user(user_fds, fds, sizeof(fds)); copied.is_error()) {
        (void)files.close(fds[0]);
        (void)files.close(fds[1]);
        return copied.error();
    }
    return 0;
}
SYSCALL_DEFINE(pipe2)

static Result<i64> sys_pipe(int* user_fds) { return sys_pipe2(user_fds, 0); }
SYSCALL_DEFINE(pipe)
