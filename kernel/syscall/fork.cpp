// fork, vfork, clone, clone3: thin shims that fill one CloneArgs (proc/fork.h); the argument
// checks are proc/clone_validate.cpp's.

#include <abi/linux/sched.h>
#include <abi/linux/signal.h>
#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/clone_validate.h>
#include <proc/fork.h>
#include <syscall/syscall.h>

using namespace clone_flags;

static Result<i64> sys_fork()
{
    return TRY(kernel_clone({ .flags = 0, .exit_signal = SIGCHLD, .syscall_name = "fork" }));
}
SYSCALL_DEFINE(fork)

static Result<i64> sys_vfork()
{
    return TRY(kernel_clone({ .flags = CLONE_VM | CLONE_VFORK, .exit_signal = SIGCHLD, .syscall_name = "vfork" }));
}
SYSCALL_DEFINE(vfork)

// x86_64's argument order: flags, stack, parent_tid, child_tid, tls. Only the low 32 bits of
// flags count (clone3's flags above them cannot be asked for here), the low byte of which is the
// exit signal, taken as it is: clone() checks no signal number. CLONE_PIDFD stores the pidfd
// through parent_tid.
static Result<i64> sys_clone(u64 raw_flags, uptr stack, int* parent_tid, int* child_tid, u64 tls)
{
    u64 flags = raw_flags & CLONE_LEGACY_FLAGS;
    CloneArgs args;
    args.flags = flags & ~CSIGNAL;
    args.exit_signal = int(flags & CSIGNAL);
    args.stack = stack;
    args.pidfd = parent_tid;
    args.parent_tid = parent_tid;
    args.child_tid = child_tid;
    args.tls = tls;
    return TRY(kernel_clone(args));
}
SYSCALL_DEFINE(clone)

namespace {

// copy_struct_from_user(): the first min(size, ours) bytes are copied; a larger struct from a
// newer program is accepted only if every byte we do not know is zero (E2BIG otherwise), and a
// smaller one from an older program leaves the rest zero.
Result<void> copy_struct_from_user(void* dst, usize dst_size, const u8* user_src, usize size)
{
    memset(dst, 0, dst_size);
    TRY(copy_from_user(dst, user_src, lib::min(dst_size, size)));
    for (usize offset = dst_size; offset < size;) {
        u8 chunk[64];
        usize n = lib::min(size - offset, sizeof(chunk));
        TRY(copy_from_user(chunk, user_src + offset, n));
        for (usize i = 0; i < n; ++i) {
            if (chunk[i])
                return Errno::E2BIG;
        }
        offset += n;
    }
    return {};
}

} // namespace

// clone3(args, size): copy_clone_args_from_user(), clone3_args_valid(), kernel_clone().
static Result<i64> sys_clone3(const u8* user_args, usize size)
{
    TRY(clone3_check_size(size));
    linux_abi::CloneArgsUser user;
    TRY(copy_struct_from_user(&user, sizeof(user), user_args, size));
    CloneArgs args;
    args.syscall_name = "clone3";
    TRY(clone3_args_from_user(user, size, args));
    if (user.set_tid)
        TRY(copy_from_user(args.set_tid, reinterpret_cast<const void*>(user.set_tid), args.set_tid_size * sizeof(i32)));
    TRY(clone3_args_valid(args));
    return TRY(kernel_clone(args));
}
SYSCALL_DEFINE(clone3)
