#pragma once

#include <concepts>
#include <stddef.h>
#include <stdint.h>
#include <type_traits>

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using i8 = int8_t;
using i16 = int16_t;
using i32 = int32_t;
using i64 = int64_t;
using usize = size_t;
using isize = ptrdiff_t;
using uptr = uintptr_t;

static_assert(sizeof(usize) == 8 && sizeof(uptr) == 8, "Sprout is a 64-bit kernel");

// Small integer helpers. They live in namespace lib because global min/max/align_up would collide
// with hosted headers in the unit tests. The second parameter is never deduced
// (std::type_identity_t), so that lib::align_up(some_u64, 4096) works without casts.
namespace lib {

template<typename T>
constexpr T min(T a, std::type_identity_t<T> b)
{
    return b < a ? b : a;
}

template<typename T>
constexpr T max(T a, std::type_identity_t<T> b)
{
    return a < b ? b : a;
}

template<std::unsigned_integral T>
constexpr bool is_power_of_two(T value)
{
    return value != 0 && (value & (value - 1)) == 0;
}

// NOTE: alignment must be a power of two; callers pass page and cache-line sizes.
// align_up wraps to 0 past the top of the type, as the Linux ALIGN() macro does.
template<std::unsigned_integral T>
constexpr T align_up(T value, std::type_identity_t<T> alignment)
{
    return (value + (alignment - 1)) & ~(alignment - 1);
}

template<std::unsigned_integral T>
constexpr T align_down(T value, std::type_identity_t<T> alignment)
{
    return value & ~(alignment - 1);
}

template<std::unsigned_integral T>
constexpr bool is_aligned(T value, std::type_identity_t<T> alignment)
{
    return (value & (alignment - 1)) == 0;
}

// Number of divisor-sized pieces needed to hold value (e.g. pages for a byte count).
// Written so that it cannot overflow, unlike (value + divisor - 1) / divisor.
template<std::unsigned_integral T>
constexpr T div_round_up(T value, std::type_identity_t<T> divisor)
{
    return value / divisor + (value % divisor != 0 ? 1 : 0);
}

} // namespace lib
