#pragma once
// Touching user memory from the kernel. Every pointer a system call takes goes through these:
// they check that the range lies in the user half, and a fault on the way (unmapped, or not
// permitted) ends the copy with EFAULT instead of a kernel panic. The architecture implements
// them (kernel/arch/x86_64/uaccess.S) with the instructions that open the SMAP window only for
// the copy itself.

#include <lib/result.h>
#include <lib/types.h>

// The user half: [0, USER_SPACE_END). The last page below the canonical hole stays unmapped, as on
// Linux (TASK_SIZE_MAX), so that no user object ends right at the hole.
inline constexpr uptr USER_SPACE_END = 0x00007ffffffff000ull;

inline bool is_user_range(uptr address, usize size)
{
    return address <= USER_SPACE_END && size <= USER_SPACE_END - address;
}

Result<void> copy_from_user(void* dst, const void* user_src, usize size);
Result<void> copy_to_user(void* user_dst, const void* src, usize size);
Result<void> clear_user(void* user_dst, usize size);
// Atomically: if the user word holds `expected`, store `desired`. Returns the value found (the
// store happened if it equals `expected`); EFAULT on a fault. It always faults as a write would.
Result<u32> cmpxchg_user_u32(u32* user_word, u32 expected, u32 desired);
// A NUL-terminated string of at most `max` bytes including the NUL; ENAMETOOLONG past that
// (callers pick the errno Linux gives for their case by passing the right max), EFAULT on a fault.
Result<usize> strncpy_from_user(char* dst, const char* user_src, usize max);

// Linux's pagefault_disable(): while disabled (a count, per task), a fault inside a user copy is
// not served (nothing is brought in, nothing sleeps or takes the address space's lock) and the
// copy fails at once with EFAULT. It is how user memory is read under a spinlock (futexes): on
// EFAULT the caller drops its lock, faults the page in with a plain copy, and retries.
void pagefault_disable();
void pagefault_enable();
bool pagefault_disabled();

class [[nodiscard]] PagefaultsDisabled {
public:
    PagefaultsDisabled() { pagefault_disable(); }
    ~PagefaultsDisabled() { pagefault_enable(); }
    PagefaultsDisabled(const PagefaultsDisabled&) = delete;
    PagefaultsDisabled& operator=(const PagefaultsDisabled&) = delete;
};

template<typename T>
Result<T> get_user(const T* user_src)
{
    T value;
    TRY(copy_from_user(&value, user_src, sizeof(T)));
    return value;
}

template<typename T>
Result<void> put_user(T* user_dst, const T& value)
{
    return copy_to_user(user_dst, &value, sizeof(T));
}

// A buffer that is either in user space (a syscall's argument) or in the kernel (exec reading an
// ELF header, a kernel test): file code reads and writes through it without caring which.
class UserOrKernelBuffer {
public:
    static UserOrKernelBuffer for_user(void* user_ptr) { return UserOrKernelBuffer(user_ptr, true); }
    static UserOrKernelBuffer for_kernel(void* ptr) { return UserOrKernelBuffer(ptr, false); }

    // Copy into the buffer at `offset`, or out of it.
    Result<void> write(const void* src, usize offset, usize size) const;
    Result<void> read(void* dst, usize offset, usize size) const;
    Result<void> zero(usize offset, usize size) const;

private:
    UserOrKernelBuffer(void* ptr, bool is_user)
        : m_ptr(ptr)
        , m_is_user(is_user)
    {
    }
    void* m_ptr;
    bool m_is_user;
};
