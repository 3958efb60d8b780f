#pragma once
// Spinlocks and their guards.
//
// NOTE: every Sprout spinlock is taken with interrupts off (the guard saves and restores the
// interrupt state). A lock that an interrupt handler might also take can then never deadlock
// against the code it interrupted, and holding any spinlock means "not preemptible" without a
// separate preempt count. On one CPU the spin never spins; the atomic exchange is what SMP needs.

#include <arch/cpu.h>
#include <atomic>
#include <lib/types.h>

class Spinlock {
public:
    Spinlock() = default;
    Spinlock(const Spinlock&) = delete;
    Spinlock& operator=(const Spinlock&) = delete;

    void lock()
    {
        while (m_locked.exchange(true, std::memory_order_acquire)) {
            while (m_locked.load(std::memory_order_relaxed))
                arch::cpu_relax();
        }
    }
    bool try_lock() { return !m_locked.exchange(true, std::memory_order_acquire); }
    void unlock() { m_locked.store(false, std::memory_order_release); }
    bool is_locked() const { return m_locked.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_locked { false };
};

// Interrupts off, lock taken; both undone at scope exit, in reverse order.
class [[nodiscard]] SpinlockGuard {
public:
    explicit SpinlockGuard(Spinlock& lock)
        : m_lock(lock)
        , m_flags(arch::irq_save())
    {
        m_lock.lock();
    }
    ~SpinlockGuard()
    {
        m_lock.unlock();
        arch::irq_restore(m_flags);
    }
    SpinlockGuard(const SpinlockGuard&) = delete;
    SpinlockGuard& operator=(const SpinlockGuard&) = delete;

private:
    Spinlock& m_lock;
    arch::IrqFlags m_flags;
};

// Interrupts off for a scope, without a lock (per-CPU data touched from interrupts).
class [[nodiscard]] InterruptsDisabled {
public:
    InterruptsDisabled()
        : m_flags(arch::irq_save())
    {
    }
    ~InterruptsDisabled() { arch::irq_restore(m_flags); }
    InterruptsDisabled(const InterruptsDisabled&) = delete;
    InterruptsDisabled& operator=(const InterruptsDisabled&) = delete;

private:
    arch::IrqFlags m_flags;
};
