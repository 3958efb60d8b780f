#include <proc/signal.h>
#include <proc/task.h>
#include <sched/sched.h>
#include <sched/wait.h>

Task* WaitQueue::current_task() { return current(); }
void WaitQueue::sleep() { schedule(); }

bool WaitQueue::current_signal_pending() { return signal_pending(*current()); }
bool WaitQueue::current_fatal_signal_pending() { return fatal_signal_pending(*current()); }

void WaitQueue::prepare_to_wait(WaitQueueEntry& entry, SleepKind kind)
{
    SpinlockGuard guard(m_lock);
    if (!entry.node.is_linked())
        m_entries.push_back(entry);
    set_current_state(kind == SleepKind::Interruptible ? TaskState::Interruptible
            : kind == SleepKind::Killable              ? TaskState::Killable
                                                       : TaskState::Uninterruptible);
}

void WaitQueue::finish_wait(WaitQueueEntry& entry)
{
    set_current_state(TaskState::Running);
    SpinlockGuard guard(m_lock);
    if (entry.node.is_linked())
        m_entries.remove(entry);
}

usize WaitQueue::wake(usize count)
{
    SpinlockGuard guard(m_lock);
    usize woken = 0;
    while (woken < count) {
        WaitQueueEntry* entry = m_entries.pop_front();
        if (!entry)
            break;
        if (wake_up_process(*entry->task))
            ++woken;
    }
    return woken;
}

bool WaitQueue::has_sleepers()
{
    SpinlockGuard guard(m_lock);
    return !m_entries.is_empty();
}
