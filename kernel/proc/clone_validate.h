#pragma once
// The checks that fork, clone and clone3 make on their arguments before anything is built, as
// pure functions of those arguments (host-tested in tests/host/clone_validate_test.cpp). Each is
// Linux's, in Linux's order, with Linux's errno:
//
//   clone3:  clone3_check_size() -> [copy_struct_from_user] -> clone3_args_from_user()
//            -> [copy set_tid] -> clone3_args_valid()
//   all:     check_pidfd_parent_tid() (kernel_clone) -> validate_clone_flags() (copy_process)
//            -> ... -> check_set_tid() (alloc_pid)

#include <abi/linux/sched.h>
#include <lib/result.h>
#include <proc/fork.h>

// copy_clone_args_from_user(), before the copy: E2BIG above a page, EINVAL below version 0.
Result<void> clone3_check_size(usize size);

// copy_clone_args_from_user(), after the copy: the set_tid, exit_signal and cgroup rules; fills
// `out` (set_tid's contents are still to be copied from user memory by the caller).
Result<void> clone3_args_from_user(const linux_abi::CloneArgsUser& user, usize size, CloneArgs& out);

// clone3_args_valid(): unknown flags, CLONE_DETACHED and the CSIGNAL bits, CLONE_SIGHAND with
// CLONE_CLEAR_SIGHAND, an exit signal with CLONE_THREAD or CLONE_PARENT, and the stack (both or
// neither of stack and stack_size, inside user space). EINVAL for each. On success `args.stack`
// becomes the top of the stack (clone3 takes the lowest address; the stack grows down).
Result<void> clone3_args_valid(CloneArgs& args);

// kernel_clone(): legacy clone() stores the pidfd through its parent_tid argument, so
// CLONE_PIDFD with CLONE_PARENT_SETTID at the same address is EINVAL (clone3 has two fields, but
// pointing both at one int makes no sense either).
Result<void> check_pidfd_parent_tid(const CloneArgs& args);

// copy_process()'s first checks. `parent_is_init`: the caller is init (Linux's SIGNAL_UNKILLABLE),
// whose siblings nobody would reap.
Result<void> validate_clone_flags(u64 flags, bool parent_is_init);

// alloc_pid() with set_tid, for a kernel with one pid namespace (level 0): more than one pid is
// EINVAL, a pid outside [1, pid_max) is EINVAL, a caller without CAP_CHECKPOINT_RESTORE or
// CAP_SYS_ADMIN (for Sprout: not root) gets EPERM. A pid in use (EEXIST) is the allocator's answer.
Result<void> check_set_tid(const CloneArgs& args, i32 pid_max, bool capable);
