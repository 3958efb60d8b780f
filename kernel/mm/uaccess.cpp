#include <lib/assert.h>
#include <lib/string.h>
#include <mm/uaccess.h>
#include <proc/task.h>
#include <sched/sched.h>

void pagefault_disable() { ++current()->pagefault_disabled; }

void pagefault_enable()
{
    VERIFY(current()->pagefault_disabled > 0);
    --current()->pagefault_disabled;
}

bool pagefault_disabled()
{
    Task* task = current();
    return task && task->pagefault_disabled;
}

Result<void> UserOrKernelBuffer::write(const void* src, usize offset, usize size) const
{
    char* dst = static_cast<char*>(m_ptr) + offset;
    if (m_is_user)
        return copy_to_user(dst, src, size);
    memcpy(dst, src, size);
    return {};
}

Result<void> UserOrKernelBuffer::read(void* dst, usize offset, usize size) const
{
    const char* src = static_cast<const char*>(m_ptr) + offset;
    if (m_is_user)
        return copy_from_user(dst, src, size);
    memcpy(dst, src, size);
    return {};
}

Result<void> UserOrKernelBuffer::zero(usize offset, usize size) const
{
    char* dst = static_cast<char*>(m_ptr) + offset;
    if (m_is_user)
        return clear_user(dst, size);
    memset(dst, 0, size);
    return {};
}
