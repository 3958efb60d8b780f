#pragma once
// poll(2)'s event bits (include/uapi/asm-generic/poll.h).

#include <lib/types.h>

namespace linux_abi {

inline constexpr u16 POLLIN = 0x001;
inline constexpr u16 POLLPRI = 0x002;
inline constexpr u16 POLLOUT = 0x004;
inline constexpr u16 POLLERR = 0x008;
inline constexpr u16 POLLHUP = 0x010;
inline constexpr u16 POLLNVAL = 0x020;
inline constexpr u16 POLLRDNORM = 0x040;
inline constexpr u16 POLLRDBAND = 0x080;
inline constexpr u16 POLLWRNORM = 0x100;
inline constexpr u16 POLLWRBAND = 0x200;

// What a file that never waits reports (Linux's DEFAULT_POLLMASK).
inline constexpr u16 DEFAULT_POLLMASK = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;

} // namespace linux_abi
