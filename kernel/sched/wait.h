#pragma once
// Wait queues: a task sleeps on one until a condition holds; whoever makes it hold wakes the queue.
//
// The sleeper's order of steps (Linux's prepare_to_wait / schedule / finish_wait) closes the race
// with the waker: it is on the queue and marked asleep *before* it checks the condition, so a
// wake-up that happens between the check and schedule() makes it runnable again instead of
// being lost.

#include <lib/list.h>
#include <lib/result.h>
#include <lib/spinlock.h>

class Task;

struct WaitQueueEntry {
    Task* task;
    ListNode node;
};

class WaitQueue {
public:
    WaitQueue() = default;
    WaitQueue(const WaitQueue&) = delete;
    WaitQueue& operator=(const WaitQueue&) = delete;

    // Sleep until cond() is true (checked before sleeping, and after every wake-up).
    template<typename Condition>
    void wait_event(Condition cond)
    {
        WaitQueueEntry entry { current_task(), {} };
        for (;;) {
            prepare_to_wait(entry);
            if (cond())
                break;
            sleep();
        }
        finish_wait(entry);
    }

    // Sleep until cond() is true or a signal is pending (Linux's wait_event_interruptible()):
    // ERESTARTSYS in the second case, which the system call returns (or turns into EINTR). The
    // signal code wakes an interruptible sleeper (signal_wake_up()).
    template<typename Condition>
    Result<void> wait_event_interruptible(Condition cond)
    {
        return wait_event_signal(cond, false);
    }
    // The same, but only a fatal signal (SIGKILL, a dying group) ends the sleep early
    // (wait_event_killable()).
    template<typename Condition>
    Result<void> wait_event_killable(Condition cond)
    {
        return wait_event_signal(cond, true);
    }

    // Wake the first sleeper / every sleeper. Returns how many were woken.
    usize wake_one() { return wake(1); }
    usize wake_all() { return wake(~usize(0)); }

    bool has_sleepers();

private:
    template<typename Condition>
    Result<void> wait_event_signal(Condition cond, bool killable)
    {
        WaitQueueEntry entry { current_task(), {} };
        Result<void> result {};
        for (;;) {
            prepare_to_wait(entry, killable ? SleepKind::Killable : SleepKind::Interruptible);
            if (cond())
                break;
            // Checked after the state is set: a signal sent from now on wakes us.
            if (killable ? current_fatal_signal_pending() : current_signal_pending()) {
                result = Errno::ERESTARTSYS;
                break;
            }
            sleep();
        }
        finish_wait(entry);
        return result;
    }

    enum class SleepKind { Uninterruptible, Interruptible, Killable };
    static Task* current_task();
    static void sleep();
    static bool current_signal_pending();
    static bool current_fatal_signal_pending();
    void prepare_to_wait(WaitQueueEntry& entry, SleepKind kind = SleepKind::Uninterruptible);
    void finish_wait(WaitQueueEntry& entry);
    usize wake(usize count);

    // NOTE: m_lock guards m_entries. A woken entry is removed by the waker, so a second wake-up
    // finds the next sleeper, not the same one again.
    Spinlock m_lock;
    IntrusiveList<WaitQueueEntry, &WaitQueueEntry::node> m_entries;
};
