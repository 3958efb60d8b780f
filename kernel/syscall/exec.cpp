// execve(2): copy the path in, hand the vectors (still user pointers) to exec.

#include <mm/slab.h>
#include <mm/uaccess.h>
#include <proc/binprm.h>
#include <proc/exec.h>
#include <syscall/syscall.h>

static Result<i64> sys_execve(const char* user_path, const char* const* user_argv, const char* const* user_envp)
{
    auto path = TRY(KmallocBuffer<char>::create(EXEC_PATH_MAX));
    TRY(strncpy_from_user(path.data(), user_path, EXEC_PATH_MAX));
    TRY(do_execve(path.data(), { user_argv, true }, { user_envp, true }));
    return 0; // the new program starts with every register zero, rax included
}
SYSCALL_DEFINE(execve)
