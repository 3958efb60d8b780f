#pragma once
// The pid allocator: which process ids are in use, and which one a new task gets next.
//
// Pure bookkeeping over a bitmap, with no locking (the kernel's pid table wraps it in its lock)
// and no allocation, so that host tests can drive it (tests/host/pid_allocator_test.cpp).
//
// The order is Linux's (kernel/pid.c alloc_pid(), lib/idr.c idr_alloc_cyclic()): cyclic, so a
// freed id is not handed out again soon after (a parent waiting for a pid it just reaped is not
// confused by a new task with the same number); the search starts just after the last id handed
// out, and when it reaches pid_max it wraps to RESERVED_PIDS, not to 1. Ids below RESERVED_PIDS
// are handed out only while the cursor has not yet passed RESERVED_PIDS (in practice: at boot,
// before the first wrap), which keeps the low pids for daemons started early, as in Linux.

#include <lib/bitmap.h>
#include <lib/result.h>
#include <lib/types.h>

class PidAllocator {
public:
    // Linux's include/linux/threads.h: the default /proc/sys/kernel/pid_max, and the ids below
    // which a wrapped allocation does not go back.
    static constexpr i32 PID_MAX_DEFAULT = 0x8000;
    static constexpr i32 RESERVED_PIDS = 300;
    // Linux refuses a pid_max of RESERVED_PIDS or less (kernel/pid.c pid_max_min); ours is also
    // capped by the bitmap's inline storage.
    static constexpr i32 PID_MAX_MIN = RESERVED_PIDS + 1;
    static constexpr i32 PID_MAX_CAPACITY = PID_MAX_DEFAULT;

    // Ids 1 .. pid_max-1 can be handed out; 0 never is (it is the idle task's on Linux).
    explicit PidAllocator(i32 pid_max = PID_MAX_DEFAULT);

    PidAllocator(PidAllocator const&) = delete;
    PidAllocator& operator=(PidAllocator const&) = delete;

    // The next free id in Linux's cyclic order, or EAGAIN when every id is taken (alloc_pid()
    // turns the idr's ENOSPC into EAGAIN, which fork() then returns).
    Result<i32> allocate();

    // This id exactly (clone3's set_tid; Linux's idr_alloc(nr, nr + 1)): EINVAL outside
    // 1 .. pid_max-1, EEXIST if it is in use. The cyclic cursor does not move.
    Result<i32> allocate_exact(i32 pid);

    // Give back an id that allocate() returned. Freeing an id that is not allocated is a bug.
    void free(i32 pid);

    // Whether pid is allocated now; false for any id outside 0 .. pid_max-1.
    bool is_allocated(i32 pid) const;

    usize in_use() const { return m_in_use; }
    // The id handed out last by allocate() (Linux's idr_get_cursor() - 1, /proc/loadavg's last field).
    i32 last_allocated() const { return m_cursor - 1; }
    i32 pid_max() const { return m_pid_max; }

private:
    // The first free id in [start, m_pid_max), or -1.
    i32 find_free_from(i32 start) const;

    StaticBitmap<PID_MAX_CAPACITY> m_bitmap;
    i32 m_pid_max;
    // Linux's idr_next: one past the last id handed out; where the next search starts.
    i32 m_cursor { 0 };
    usize m_in_use { 0 };
};
