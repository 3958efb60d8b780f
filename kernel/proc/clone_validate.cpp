#include <mm/uaccess.h>
#include <proc/clone_validate.h>

using namespace clone_flags;

namespace {

constexpr usize CLONE3_MAX_SIZE = 4096; // PAGE_SIZE: a larger struct is refused outright
constexpr u64 INT_MAX_VALUE = 0x7fffffff;
// Linux's _NSIG (valid_signal()); abi/linux/signal.h's NSIG, spelled here so that host tests
// need not include a header that meets the C library's SIG* macros.
constexpr u64 LINUX_NSIG = 64;

} // namespace

Result<void> clone3_check_size(usize size)
{
    if (size > CLONE3_MAX_SIZE)
        return Errno::E2BIG;
    if (size < linux_abi::CLONE_ARGS_SIZE_VER0)
        return Errno::EINVAL;
    return {};
}

Result<void> clone3_args_from_user(const linux_abi::CloneArgsUser& user, usize size, CloneArgs& out)
{
    if (user.set_tid_size > MAX_PID_NS_LEVEL)
        return Errno::EINVAL;
    if (!user.set_tid && user.set_tid_size > 0)
        return Errno::EINVAL;
    if (user.set_tid && user.set_tid_size == 0)
        return Errno::EINVAL;
    // The exit signal is a whole u64 here: bits outside CSIGNAL, or a number past the last
    // signal, are EINVAL (clone() cannot even express them).
    if ((user.exit_signal & ~CSIGNAL) || user.exit_signal > LINUX_NSIG)
        return Errno::EINVAL;
    if ((user.flags & CLONE_INTO_CGROUP) && (user.cgroup > INT_MAX_VALUE || size < linux_abi::CLONE_ARGS_SIZE_VER2))
        return Errno::EINVAL;
    out.flags = user.flags;
    out.pidfd = reinterpret_cast<int*>(user.pidfd);
    out.child_tid = reinterpret_cast<int*>(user.child_tid);
    out.parent_tid = reinterpret_cast<int*>(user.parent_tid);
    out.exit_signal = int(user.exit_signal);
    out.stack = user.stack;
    out.stack_size = user.stack_size;
    out.tls = user.tls;
    out.set_tid_size = user.set_tid_size;
    out.cgroup = user.cgroup;
    return {};
}

Result<void> clone3_args_valid(CloneArgs& args)
{
    u64 f = args.flags;
    if (f & ~(CLONE_LEGACY_FLAGS | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
        return Errno::EINVAL;
    // clone3 keeps CLONE_DETACHED and the CSIGNAL bits free for new meanings (CLONE_NEWTIME is
    // the first: it lives in CSIGNAL's byte).
    if (f & (CLONE_DETACHED | (CSIGNAL & ~CLONE_NEWTIME)))
        return Errno::EINVAL;
    if ((f & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
        return Errno::EINVAL;
    // A thread or a sibling has no exit signal of its own to choose.
    if ((f & (CLONE_THREAD | CLONE_PARENT)) && args.exit_signal)
        return Errno::EINVAL;
    // clone3_stack_valid(): both or neither; the range must be user memory (access_ok()).
    if (args.stack == 0) {
        if (args.stack_size > 0)
            return Errno::EINVAL;
    } else {
        if (args.stack_size == 0)
            return Errno::EINVAL;
        if (!is_user_range(args.stack, args.stack_size))
            return Errno::EINVAL;
        args.stack += args.stack_size;
    }
    return {};
}

Result<void> check_pidfd_parent_tid(const CloneArgs& args)
{
    if ((args.flags & CLONE_PIDFD) && (args.flags & CLONE_PARENT_SETTID) && args.pidfd == args.parent_tid)
        return Errno::EINVAL;
    return {};
}

Result<void> validate_clone_flags(u64 f, bool parent_is_init)
{
    // A new mount or user namespace cannot share the root and cwd of the old one.
    if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
        return Errno::EINVAL;
    if ((f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
        return Errno::EINVAL;
    // Threads share signal handlers; shared handlers need a shared address space.
    if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
        return Errno::EINVAL;
    if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
        return Errno::EINVAL;
    // init's siblings would have no parent to reap them.
    if ((f & CLONE_PARENT) && parent_is_init)
        return Errno::EINVAL;
    // A thread stays in its group's pid and user namespace.
    if ((f & CLONE_THREAD) && (f & (CLONE_NEWUSER | CLONE_NEWPID)))
        return Errno::EINVAL;
    // CLONE_DETACHED is kept free for a future pidfd meaning. (Linux 6.9 and later allow
    // CLONE_PIDFD with CLONE_THREAD: a pidfd for the thread, PIDFD_THREAD.)
    if ((f & CLONE_PIDFD) && (f & CLONE_DETACHED))
        return Errno::EINVAL;
    return {};
}

Result<void> check_set_tid(const CloneArgs& args, i32 pid_max, bool capable)
{
    if (!args.set_tid_size)
        return {};
    // One namespace level: one pid. (Linux: set_tid_size > ns->level + 1.)
    if (args.set_tid_size > 1)
        return Errno::EINVAL;
    i32 tid = args.set_tid[0];
    if (tid < 1 || tid >= pid_max)
        return Errno::EINVAL;
    // NOTE: Linux also refuses a pid other than 1 in a namespace that has no init yet; Sprout's
    // one namespace has init before any user program runs.
    if (!capable)
        return Errno::EPERM;
    return {};
}
