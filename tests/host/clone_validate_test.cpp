// clone(), clone3() and alloc_pid()'s argument checks (kernel/proc/clone_validate.cpp): each of
// Linux's rules, and their order where two would apply. The same cases run against Linux itself
// in tests/user/clone_flags.c; these also reach the ones a user test cannot (CLONE_PARENT from
// init, set_tid without privilege, a namespace flag that Linux would honour).

#include <gtest/gtest.h>
// After the C library's headers (gtest's): fork.h drops their CLONE_* macros.
#include <proc/clone_validate.h>

using namespace clone_flags;
using linux_abi::CloneArgsUser;

namespace {

constexpr u64 SIGCHLD_NR = 17;

Errno error_of(const Result<void>& r) { return r.is_error() ? r.error() : Errno(0); }

Errno validate(u64 flags, bool parent_is_init = false) { return error_of(validate_clone_flags(flags, parent_is_init)); }

CloneArgsUser user_args(u64 flags, u64 exit_signal = SIGCHLD_NR)
{
    CloneArgsUser u {};
    u.flags = flags;
    u.exit_signal = exit_signal;
    return u;
}

// clone3's checks after the copy: from_user() then args_valid(), as sys_clone3 runs them.
Errno clone3(const CloneArgsUser& u, usize size = sizeof(CloneArgsUser), CloneArgs* out = nullptr)
{
    CloneArgs args;
    if (auto r = clone3_args_from_user(u, size, args); r.is_error())
        return r.error();
    auto r = clone3_args_valid(args);
    if (out)
        *out = args;
    return error_of(r);
}

} // namespace

TEST(CloneValidate, PlainForkIsValid)
{
    EXPECT_EQ(validate(0), Errno(0));
    EXPECT_EQ(validate(CLONE_VM | CLONE_VFORK), Errno(0));
    EXPECT_EQ(validate(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM), Errno(0));
    EXPECT_EQ(validate(CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM), Errno(0)); // Linux 6.9+
    EXPECT_EQ(validate(CLONE_NEWPID), Errno(0)); // namespaces are refused later, by copy_namespaces
}

TEST(CloneValidate, LinuxRulesInOrder)
{
    EXPECT_EQ(validate(CLONE_NEWNS | CLONE_FS), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_NEWUSER | CLONE_FS), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_THREAD), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_THREAD | CLONE_VM), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_SIGHAND), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_THREAD | CLONE_SIGHAND), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_PIDFD | CLONE_DETACHED), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_DETACHED), Errno(0));
}

TEST(CloneValidate, ParentFromInit)
{
    EXPECT_EQ(validate(CLONE_PARENT, true), Errno::EINVAL);
    EXPECT_EQ(validate(CLONE_PARENT, false), Errno(0));
    EXPECT_EQ(validate(0, true), Errno(0));
}

TEST(CloneValidate, PidfdAndParentTidShareClonesArgument)
{
    int word;
    int other;
    CloneArgs args;
    args.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
    args.pidfd = args.parent_tid = &word;
    EXPECT_EQ(error_of(check_pidfd_parent_tid(args)), Errno::EINVAL);
    args.parent_tid = &other;
    EXPECT_EQ(error_of(check_pidfd_parent_tid(args)), Errno(0));
    args.flags = CLONE_PIDFD;
    args.parent_tid = &word;
    EXPECT_EQ(error_of(check_pidfd_parent_tid(args)), Errno(0));
}

TEST(Clone3, Size)
{
    EXPECT_EQ(error_of(clone3_check_size(0)), Errno::EINVAL);
    EXPECT_EQ(error_of(clone3_check_size(63)), Errno::EINVAL);
    EXPECT_EQ(error_of(clone3_check_size(64)), Errno(0));
    EXPECT_EQ(error_of(clone3_check_size(88)), Errno(0));
    EXPECT_EQ(error_of(clone3_check_size(4096)), Errno(0));
    EXPECT_EQ(error_of(clone3_check_size(4097)), Errno::E2BIG);
}

TEST(Clone3, FlagsAndExitSignal)
{
    EXPECT_EQ(clone3(user_args(0)), Errno(0));
    EXPECT_EQ(clone3(user_args(0, 0)), Errno(0));
    EXPECT_EQ(clone3(user_args(0, 64)), Errno(0));
    EXPECT_EQ(clone3(user_args(0, 65)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(0, 0x100)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(0, (1ull << 32) | SIGCHLD_NR)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(1ull << 40)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(CLONE_DETACHED)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(SIGCHLD_NR)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(CLONE_NEWTIME)), Errno(0)); // a namespace, refused later
    EXPECT_EQ(clone3(user_args(CLONE_SIGHAND | CLONE_CLEAR_SIGHAND, 0)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(CLONE_CLEAR_SIGHAND)), Errno(0));
    EXPECT_EQ(clone3(user_args(CLONE_PARENT)), Errno::EINVAL);
    EXPECT_EQ(clone3(user_args(CLONE_PARENT, 0)), Errno(0));
    EXPECT_EQ(clone3(user_args(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)), Errno::EINVAL);
}

TEST(Clone3, StackIsLowestAddressAndSize)
{
    CloneArgsUser u = user_args(0);
    u.stack = 0x10000;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.stack = 0;
    u.stack_size = 0x1000;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.stack = 0xffff800000000000ull;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.stack = 0x10000;
    CloneArgs out;
    EXPECT_EQ(clone3(u, sizeof(u), &out), Errno(0));
    EXPECT_EQ(out.stack, 0x11000u);
}

TEST(Clone3, SetTidAndCgroup)
{
    CloneArgsUser u = user_args(0);
    u.set_tid = 0x1000;
    u.set_tid_size = 33;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.set_tid_size = 0;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.set_tid = 0;
    u.set_tid_size = 1;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.set_tid = 0x1000;
    EXPECT_EQ(clone3(u), Errno(0));

    u = user_args(CLONE_INTO_CGROUP);
    EXPECT_EQ(clone3(u, 80), Errno::EINVAL); // no cgroup field in version 1
    u.cgroup = 0x80000000ull;
    EXPECT_EQ(clone3(u), Errno::EINVAL);
    u.cgroup = 3;
    EXPECT_EQ(clone3(u), Errno(0)); // the descriptor is cgroup_can_fork()'s business
}

TEST(Clone3, SetTidAtAllocPid)
{
    CloneArgs args;
    args.set_tid_size = 1;
    args.set_tid[0] = 500;
    EXPECT_EQ(error_of(check_set_tid(args, 32768, true)), Errno(0));
    EXPECT_EQ(error_of(check_set_tid(args, 32768, false)), Errno::EPERM);
    args.set_tid[0] = 0;
    EXPECT_EQ(error_of(check_set_tid(args, 32768, false)), Errno::EINVAL); // EINVAL before EPERM
    args.set_tid[0] = 32768;
    EXPECT_EQ(error_of(check_set_tid(args, 32768, true)), Errno::EINVAL);
    args.set_tid_size = 2; // one pid namespace
    args.set_tid[0] = 500;
    EXPECT_EQ(error_of(check_set_tid(args, 32768, true)), Errno::EINVAL);
    args.set_tid_size = 0;
    EXPECT_EQ(error_of(check_set_tid(args, 32768, false)), Errno(0));
}
