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

// FUTEX_WAIT and FUTEX_WAKE are the _BITSET operations with every bit set.
inline constexpr u32 FUTEX_BITSET_MATCH_ANY = 0xffffffff;

} // namespace linux_abi
