#pragma once
// How a system call is written and found.
//
//   // kernel/syscall/foo.cpp: decode, copy from/to user, call proc/, mm/ or fs/.
//   static Result<i64> sys_getpid() { return current_process().pid(); }
//   SYSCALL_DEFINE(getpid)
//
// SYSCALL_DEFINE(name) registers sys_<name> for Linux's number of `name` (abi/linux/syscalls.h);
// the dispatcher (dispatch.cpp) builds its table from every registration at boot, so adding a
// system call touches no shared list. The parameters of sys_<name> are converted from the six
// raw argument registers by type: integers are truncated to their width (as Linux does for an
// `int` argument), pointers are user pointers and must only be touched through mm/uaccess.h. An
// error result becomes -errno here and nowhere else.

#include <abi/linux/errno.h>
#include <abi/linux/syscalls.h>
#include <lib/result.h>
#include <type_traits>
#include <utility>

struct SyscallEntry {
    u32 number;
    i64 (*handler)(const u64* args);
};

namespace syscall_detail {

template<typename T>
T argument(u64 raw)
{
    if constexpr (std::is_pointer_v<T>)
        return reinterpret_cast<T>(raw);
    else
        return static_cast<T>(raw);
}

inline i64 to_return(const Result<i64>& result) { return result.is_error() ? to_negative(result.error()) : result.value(); }

template<typename... Params, usize... I>
i64 invoke(Result<i64> (*function)(Params...), const u64* args, std::index_sequence<I...>)
{
    return to_return(function(argument<Params>(args[I])...));
}

template<typename... Params>
i64 invoke(Result<i64> (*function)(Params...), const u64* args)
{
    static_assert(sizeof...(Params) <= 6, "a system call has at most six arguments");
    return invoke(function, args, std::index_sequence_for<Params...> {});
}

} // namespace syscall_detail

#define SYSCALL_DEFINE(name)                                                                         \
    static i64 syscall_entry_##name(const u64* args) { return syscall_detail::invoke(sys_##name, args); } \
    static constinit const SyscallEntry syscall_##name = { linux_abi::NR_##name, syscall_entry_##name };  \
    [[gnu::used, gnu::section(".syscalls")]] static const SyscallEntry* const syscall_ptr_##name = &syscall_##name;

// The dispatcher: the architecture's syscall entry calls this with the number and six arguments.
i64 syscall_dispatch(u64 number, const u64* args);
void syscall_init();
