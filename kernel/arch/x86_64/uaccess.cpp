// The C++ side of user-memory access: range checks, then the fault-tolerant copies in uaccess.S.

#include <arch/x86_64/uaccess.h>
#include <mm/uaccess.h>

extern "C" usize x86_copy_user(void* dst, const void* src, usize size);
extern "C" usize x86_clear_user(void* dst, usize size);
extern "C" isize x86_strncpy_user(char* dst, const char* src, usize max);
extern "C" usize x86_cmpxchg_user_u32(u32* uaddr, u32 expected, u32 desired, u32* found);

extern "C" {
// Set at boot when the CPU has SMAP and it is switched on (uaccess.S reads it).
u8 x86_smap_enabled;
}

namespace {

struct ExceptionTableEntry {
    uptr instruction;
    uptr fixup;
};

} // namespace

extern "C" const ExceptionTableEntry __ex_table_start[];
extern "C" const ExceptionTableEntry __ex_table_end[];

namespace x86 {

uptr exception_fixup(uptr rip)
{
    for (auto* e = __ex_table_start; e < __ex_table_end; ++e) {
        if (e->instruction == rip)
            return e->fixup;
    }
    return 0;
}

} // namespace x86

Result<void> copy_from_user(void* dst, const void* user_src, usize size)
{
    if (!is_user_range(uptr(user_src), size))
        return Errno::EFAULT;
    if (x86_copy_user(dst, user_src, size) != 0)
        return Errno::EFAULT;
    return {};
}

Result<void> copy_to_user(void* user_dst, const void* src, usize size)
{
    if (!is_user_range(uptr(user_dst), size))
        return Errno::EFAULT;
    if (x86_copy_user(user_dst, src, size) != 0)
        return Errno::EFAULT;
    return {};
}

Result<void> clear_user(void* user_dst, usize size)
{
    if (!is_user_range(uptr(user_dst), size))
        return Errno::EFAULT;
    if (x86_clear_user(user_dst, size) != 0)
        return Errno::EFAULT;
    return {};
}

Result<usize> strncpy_from_user(char* dst, const char* user_src, usize max)
{
    if (max == 0)
        return Errno::ENAMETOOLONG;
    // Never read past the user half, even for a short string near its end.
    uptr limit = uptr(user_src) < USER_SPACE_END ? USER_SPACE_END - uptr(user_src) : 0;
    if (limit == 0)
        return Errno::EFAULT;
    usize window = max < limit ? max : limit;
    isize length = x86_strncpy_user(dst, user_src, window);
    if (length < 0)
        return Errno::EFAULT;
    if (usize(length) == window)
        return window == max ? Errno::ENAMETOOLONG : Errno::EFAULT;
    return usize(length);
}

Result<u32> cmpxchg_user_u32(u32* user_word, u32 expected, u32 desired)
{
    if (!is_user_range(uptr(user_word), sizeof(u32)))
        return Errno::EFAULT;
    u32 found;
    if (x86_cmpxchg_user_u32(user_word, expected, desired, &found) != 0)
        return Errno::EFAULT;
    return found;
}
