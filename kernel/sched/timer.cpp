#include <proc/signal.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <sched/timer.h>

namespace {

// NOTE: timers_lock guards `timers`, kept sorted by expiry (the soonest first).
Spinlock timers_lock;
IntrusiveList<Timer, &Timer::node> timers;
std::atomic<u64> jiffies_count;

void wake_sleeper(Timer& timer) { wake_up_process(*static_cast<Task*>(timer.data)); }

} // namespace

u64 jiffies() { return jiffies_count.load(std::memory_order_relaxed); }

void add_timer(Timer& timer)
{
    SpinlockGuard guard(timers_lock);
    // From the latest expiry backwards: a periodic timer re-armed from the timer interrupt goes
    // at or near the end, so re-arming many of them each tick is not quadratic in their number.
    // Equal expiries keep their arming order (the new one after them).
    for (Timer* t = timers.last(); t; t = timers.prev(*t)) {
        if (t->expires_ns <= timer.expires_ns) {
            timers.insert_after(*t, timer);
            return;
        }
    }
    timers.push_front(timer);
}

bool del_timer(Timer& timer)
{
    SpinlockGuard guard(timers_lock);
    if (!timer.node.is_linked())
        return false;
    timers.remove(timer);
    return true;
}

void timer_interrupt(bool user)
{
    jiffies_count.fetch_add(1, std::memory_order_relaxed);
    u64 now = ktime_get_ns();
    for (;;) {
        Timer* expired;
        {
            SpinlockGuard guard(timers_lock);
            expired = timers.first();
            if (!expired || expired->expires_ns > now)
                break;
            timers.remove(*expired);
        }
        expired->function(*expired); // without the lock: it may arm another timer
    }
    sched_tick(user);
}

void sleep_ns(u64 ns)
{
    u64 deadline = ktime_get_ns() + ns;
    Timer timer;
    timer.function = wake_sleeper;
    timer.data = current();
    // Wake-ups can come early (a timer can fire between our check and schedule()), so loop on
    // the clock rather than trusting any single one.
    while (ktime_get_ns() < deadline) {
        timer.expires_ns = deadline;
        set_current_state(TaskState::Uninterruptible);
        add_timer(timer);
        schedule();
        del_timer(timer);
    }
    set_current_state(TaskState::Running);
}

Result<void> sleep_until_interruptible(u64 deadline_ns)
{
    Timer timer;
    timer.function = wake_sleeper;
    timer.data = current();
    Result<void> result {};
    while (ktime_get_ns() < deadline_ns) {
        timer.expires_ns = deadline_ns;
        set_current_state(TaskState::Interruptible);
        // After the state is set: a signal from now on wakes us (signal_wake_up()).
        if (signal_pending(*current())) {
            result = Errno::ERESTARTNOHAND;
            break;
        }
        add_timer(timer);
        schedule();
        del_timer(timer);
    }
    set_current_state(TaskState::Running);
    return result;
}
