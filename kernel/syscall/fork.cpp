// fork, vfork, clone: thin shims that fill one CloneArgs (proc/fork.h).

#include <abi/linux/signal.h>
#include <proc/fork.h>
#include <syscall/syscall.h>

using namespace clone_flags;

static Result<i64> sys_fork() { return TRY(kernel_clone({ .flags = 0, .exit_signal = SIGCHLD })); }
SYSCALL_DEFINE(fork)

static Result<i64> sys_vfork()
{
    return TRY(kernel_clone({ .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD }));
}
SYSCALL_DEFINE(vfork)

// x86_64's argument order: flags, stack, parent_tid, child_tid, tls.
static Result<i64> sys_clone(u64 flags, uptr stack, int* parent_tid, int* child_tid, u64 tls)
{
    CloneArgs args;
    args.flags = flags & ~CSIGNAL;
    args.exit_signal = int(flags & CSIGNAL);
    args.stack = stack;
    args.parent_tid = parent_tid;
    args.child_tid = child_tid;
    args.tls = tls;
    return TRY(kernel_clone(args));
}
SYSCALL_DEFINE(clone)
