#include <proc/pid_allocator.h>

PidAllocator::PidAllocator(i32 pid_max)
    : m_pid_max(pid_max)
{
    VERIFY(pid_max >= PID_MAX_MIN && pid_max <= PID_MAX_CAPACITY);
}

i32 PidAllocator::find_free_from(i32 start) const
{
    if (start >= m_pid_max)
        return -1;
    usize index = m_bitmap.find_first_clear(static_cast<usize>(start));
    // The bitmap is PID_MAX_CAPACITY bits long; bits at and past pid_max are never set, so they
    // show up as clear here and mean "none below pid_max".
    if (index == StaticBitmap<PID_MAX_CAPACITY>::npos || index >= static_cast<usize>(m_pid_max))
        return -1;
    return static_cast<i32>(index);
}

Result<i32> PidAllocator::allocate()
{
    // alloc_pid(): below RESERVED_PIDS only while the cursor has not passed it.
    i32 pid_min = m_cursor > RESERVED_PIDS ? RESERVED_PIDS : 1;

    // idr_alloc_cyclic(): from the cursor (but not below pid_min) to the end; if nothing is free
    // there and the search did not already start at pid_min, once more from pid_min.
    i32 start = lib::max(m_cursor, pid_min);
    i32 pid = find_free_from(start);
    if (pid < 0 && start > pid_min)
        pid = find_free_from(pid_min);
    if (pid < 0)
        return Errno::EAGAIN;

    m_bitmap.set(static_cast<usize>(pid));
    m_cursor = pid + 1;
    ++m_in_use;
    return pid;
}

Result<i32> PidAllocator::allocate_exact(i32 pid)
{
    if (pid < 1 || pid >= m_pid_max)
        return Errno::EINVAL;
    if (m_bitmap.get(static_cast<usize>(pid)))
        return Errno::EEXIST;
    m_bitmap.set(static_cast<usize>(pid));
    ++m_in_use;
    return pid;
}

void PidAllocator::free(i32 pid)
{
    VERIFY(pid > 0 && pid < m_pid_max);
    VERIFY(m_bitmap.get(static_cast<usize>(pid)));
    m_bitmap.clear(static_cast<usize>(pid));
    --m_in_use;
}

bool PidAllocator::is_allocated(i32 pid) const
{
    if (pid < 0 || pid >= m_pid_max)
        return false;
    return m_bitmap.get(static_cast<usize>(pid));
}
