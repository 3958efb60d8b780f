#pragma once
// Fast user-space mutexes (Linux's kernel/futex/): a task sleeps on a 32-bit word of user memory
// until someone wakes that word. The kernel never owns the lock; it only keeps the queues of
// sleepers, hashed by what the word *is*:
//   - a private futex (FUTEX_PRIVATE_FLAG): this address space and the virtual address;
//   - a shared one: the page behind the address (a file and its page index for MAP_SHARED files,
//     the shared anonymous object for MAP_SHARED|MAP_ANONYMOUS), so that two processes, or two
//     mappings of one file, meet on the same futex; private memory is still keyed by address.
// docs/futex.md explains the buckets and why no wake-up is lost.

#include <lib/result.h>
#include <lib/types.h>

class AddressSpace;

// When a wait gives up: an absolute time on the monotonic or the realtime clock.
struct FutexDeadline {
    u64 ns { 0 };
    bool realtime { false };
};

// FUTEX_WAIT(_BITSET): sleep while the word at `uaddr` holds `val`, until woken by a wake whose
// bitset shares a bit with `bitset`. 0 when woken; EAGAIN if the word differs, ETIMEDOUT,
// EINVAL (bitset 0, misaligned), EFAULT.
Result<i64> futex_wait(uptr uaddr, bool shared, u32 val, const FutexDeadline* deadline, u32 bitset);

// FUTEX_WAKE(_BITSET): wake at most `nr_wake` waiters (at least one, as Linux: 0 or a negative
// count wakes one) of the futex at `uaddr` in `mm`. Returns how many were woken. Also the exit
// path's wake of the CLONE_CHILD_CLEARTID word (mm_release()), on an address space that need not
// be the current one.
Result<i64> futex_wake(AddressSpace& mm, uptr uaddr, bool shared, int nr_wake, u32 bitset);

// FUTEX_REQUEUE / FUTEX_CMP_REQUEUE (with `cmpval`: EAGAIN unless the word at `uaddr1` holds it):
// wake `nr_wake` waiters of uaddr1 and move up to `nr_requeue` more to uaddr2. Returns woken +
// moved.
Result<i64> futex_requeue(uptr uaddr1, bool shared, uptr uaddr2, int nr_wake, int nr_requeue, const u32* cmpval);

// FUTEX_WAKE_OP: atomically apply the operation `encoded_op` (FUTEX_OP()) to the word at uaddr2;
// wake `nr_wake` waiters of uaddr1, and `nr_wake2` of uaddr2 too if the comparison of the old
// value holds. Returns how many were woken.
Result<i64> futex_wake_op(uptr uaddr1, bool shared, uptr uaddr2, int nr_wake, int nr_wake2, u32 encoded_op);

class Task;

// A task leaves its address space (exit, exec): every lock on its robust list that it still
// holds is marked FUTEX_OWNER_DIED and one waiter is woken, so the next locker gets EOWNERDEAD
// instead of waiting for ever (Linux's exit_robust_list()). Runs while the address space is still
// the current one; the list is forgotten afterwards. futex_robust.cpp.
void exit_robust_list(Task& task);

// Waiters queued on every futex, for leak checks (must be 0 when no task sleeps in futex_wait).
usize futex_waiters();
