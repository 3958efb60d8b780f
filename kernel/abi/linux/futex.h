#pragma once
// futex(2)'s operations and flags (include/uapi/linux/futex.h).

#include <lib/types.h>

namespace linux_abi {

inline constexpr int FUTEX_WAIT = 0;
inline constexpr int FUTEX_WAKE = 1;
inline constexpr int FUTEX_FD = 2; // gone since Linux 2.6.26: ENOSYS
inline constexpr int FUTEX_REQUEUE = 3;
inline constexpr int FUTEX_CMP_REQUEUE = 4;
inline constexpr int FUTEX_WAKE_OP = 5;
inline constexpr int FUTEX_LOCK_PI = 6;
inline constexpr int FUTEX_UNLOCK_PI = 7;
inline constexpr int FUTEX_TRYLOCK_PI = 8;
inline constexpr int FUTEX_WAIT_BITSET = 9;
inline constexpr int FUTEX_WAKE_BITSET = 10;
inline constexpr int FUTEX_WAIT_REQUEUE_PI = 11;
inline constexpr int FUTEX_CMP_REQUEUE_PI = 12;
inline constexpr int FUTEX_LOCK_PI2 = 13;

inline constexpr int FUTEX_PRIVATE_FLAG = 128;
inline constexpr int FUTEX_CLOCK_REALTIME = 256;
inline constexpr int FUTEX_CMD_MASK = ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);

// The futex word of a robust lock (Documentation/locking/robust-futex-ABI.rst): the owner's tid
// in the low 30 bits, and two flags the kernel sets when the owner dies holding it.
inline constexpr u32 FUTEX_WAITERS = 0x80000000;
inline constexpr u32 FUTEX_OWNER_DIED = 0x40000000;
inline constexpr u32 FUTEX_TID_MASK = 0x3fffffff;
inline constexpr int ROBUST_LIST_LIMIT = 2048; // entries walked at most: a cyclic list ends too

// set_robust_list's head, in user memory: a list of held locks, each entry `futex_offset` bytes
// before its futex word, and the entry being locked or unlocked right now.
struct robust_list_head {
    u64 next; // the first entry (the head itself when empty); bit 0: a PI futex
    i64 futex_offset;
    u64 list_op_pending;
};
static_assert(sizeof(robust_list_head) == 24);

// FUTEX_WAIT and FUTEX_WAKE are the _BITSET operations with every bit set.
inline constexpr u32 FUTEX_BITSET_MATCH_ANY = 0xffffffff;

// FUTEX_WAKE_OP's encoded operation: (op << 28) | (cmp << 24) | (oparg << 12) | cmparg, with
// oparg and cmparg 12-bit signed.
inline constexpr u32 FUTEX_OP_SET = 0; // uaddr2 = oparg
inline constexpr u32 FUTEX_OP_ADD = 1; // uaddr2 += oparg
inline constexpr u32 FUTEX_OP_OR = 2; // uaddr2 |= oparg
inline constexpr u32 FUTEX_OP_ANDN = 3; // uaddr2 &= ~oparg
inline constexpr u32 FUTEX_OP_XOR = 4; // uaddr2 ^= oparg
inline constexpr u32 FUTEX_OP_OPARG_SHIFT = 8; // op flag: use 1 << oparg
inline constexpr u32 FUTEX_OP_CMP_EQ = 0;
inline constexpr u32 FUTEX_OP_CMP_NE = 1;
inline constexpr u32 FUTEX_OP_CMP_LT = 2;
inline constexpr u32 FUTEX_OP_CMP_LE = 3;
inline constexpr u32 FUTEX_OP_CMP_GT = 4;
inline constexpr u32 FUTEX_OP_CMP_GE = 5;

} // namespace linux_abi
