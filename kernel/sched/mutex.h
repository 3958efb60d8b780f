#pragma once
// A sleeping lock, for critical sections that may block: copying from or to user memory (which
// can fault and sleep), allocating, or waiting for input. Linux's struct mutex, minus the
// optimistic spinning. Never taken from interrupt context.
//
// NOTE: the waiter sleeps on the wait queue until the lock looks free and then races for it
// again; a wake-up is never lost because wait_event() re-checks the condition after queueing.

#include <atomic>
#include <sched/wait.h>

class Mutex {
public:
    Mutex() = default;
    Mutex(const Mutex&) = delete;
    Mutex& operator=(const Mutex&) = delete;

    void lock()
    {
        while (!try_lock())
            m_waiters.wait_event([this] { return !m_locked.load(std::memory_order_relaxed); });
    }
    bool try_lock() { return !m_locked.exchange(true, std::memory_order_acquire); }
    void unlock()
    {
        m_locked.store(false, std::memory_order_release);
        m_waiters.wake_one();
    }
    bool is_locked() const { return m_locked.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_locked { false };
    WaitQueue m_waiters;
};

class [[nodiscard]] MutexGuard {
public:
    explicit MutexGuard(Mutex& mutex)
        : m_mutex(mutex)
    {
        m_mutex.lock();
    }
    ~MutexGuard() { m_mutex.unlock(); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;

private:
    Mutex& m_mutex;
};
