#pragma once
// Kernel timers (a callback at a point in monotonic time, from the timer interrupt) and sleeping.

#include <lib/list.h>
#include <lib/result.h>
#include <lib/types.h>

struct Timer {
    u64 expires_ns { 0 };
    void (*function)(Timer&) { nullptr }; // runs in interrupt context: must not sleep
    void* data { nullptr };
    ListNode node;
};

// Arm `timer`; its function runs at the first timer interrupt at or after expires_ns.
void add_timer(Timer& timer);
// Disarm; returns false if it already fired (or was never armed).
bool del_timer(Timer& timer);

// Sleep (uninterruptibly) for at least `ns` nanoseconds.
void sleep_ns(u64 ns);
// Sleep until the monotonic clock reaches `deadline_ns`, or a signal is pending: then
// ERESTARTNOHAND (nanosleep's and poll's choice: EINTR after a handler, else a restart).
Result<void> sleep_until_interruptible(u64 deadline_ns);
inline void msleep(u64 ms) { sleep_ns(ms * 1000000ull); }

// Called by the architecture's timer interrupt, HZ times a second; `user`: it interrupted user
// mode (the tick is charged to the task's user time, else to its system time).
void timer_interrupt(bool user);
