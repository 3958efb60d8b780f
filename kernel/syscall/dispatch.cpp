// The system-call dispatcher: number to handler, through a table built at boot from every
// SYSCALL_DEFINE in the kernel (the .syscalls section). The one place an Errno becomes -errno is
// syscall_detail::to_return() in syscall.h.

#include <abi/linux/errno.h>
#include <lib/bitmap.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/spinlock.h>
#include <proc/process.h>
#include <syscall/syscall.h>
#include <syscall/trace.h>

extern "C" const SyscallEntry* const __syscalls_start[];
extern "C" const SyscallEntry* const __syscalls_end[];

namespace {

using Handler = i64 (*)(const u64*);
Handler table[linux_abi::NR_SYSCALLS];

Spinlock reported_lock;
StaticBitmap<linux_abi::NR_SYSCALLS> reported; // guarded by reported_lock

i64 not_implemented(u64 number)
{
    bool first = false;
    if (number < linux_abi::NR_SYSCALLS) {
        SpinlockGuard guard(reported_lock);
        first = !reported.get(number);
        reported.set(number);
    }
    if (first || number >= linux_abi::NR_SYSCALLS) {
        const char* name = number < linux_abi::NR_SYSCALLS ? linux_abi::syscall_name(u32(number)) : nullptr;
        printk("syscall: %s (%lu) is not implemented: ENOSYS\n", name ? name : "unknown", number);
    }
    return to_negative(Errno::ENOSYS);
}

} // namespace

void syscall_init()
{
    usize count = 0;
    for (auto* entry = __syscalls_start; entry < __syscalls_end; ++entry) {
        const SyscallEntry& e = **entry;
        if (e.number >= linux_abi::NR_SYSCALLS || table[e.number])
            panic("syscall: %u registered twice or out of range", e.number);
        table[e.number] = e.handler;
        ++count;
    }
    printk("syscall: %lu system calls\n", count);
}

namespace {

i64 call(u64 number, const u64* args)
{
    if (number >= linux_abi::NR_SYSCALLS || !table[number])
        return not_implemented(number);
    return table[number](args);
}

} // namespace

i64 syscall_dispatch(u64 number, const u64* args)
{
    if (!syscall_trace_enabled) [[likely]]
        return call(number, args);
    SyscallTraceRecord record;
    syscall_trace_enter(number, args, record);
    i64 result = call(number, args);
    syscall_trace_exit(number, args, record, result);
    return result;
}
