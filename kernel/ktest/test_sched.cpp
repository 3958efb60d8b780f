// Kernel threads, context switches, preemption and wait queues, on the real timer interrupt.

#include <ktest/ktest.h>
#include <mm/page_alloc.h>
#include <proc/task.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <sched/timer.h>
#include <sched/wait.h>

KTEST(kthread_runs_and_joins)
{
    static int ran;
    static int seven = 7;
    ran = 0;
    u64 before = nr_free_pages();
    usize tasks_before = tasks_alive();
    {
        auto thread = kthread_run(
            "worker",
            [](void* arg) {
                ran = *static_cast<int*>(arg);
                kthread_exit(42);
            },
            &seven);
        KASSERT(!thread.is_error());
        KEXPECT(thread.value()->tid() > 0);
        KEXPECT_EQ(kthread_join(*thread.value()), 42);
    }
    KEXPECT_EQ(ran, 7);
    // The thread's task and stack are gone with the last reference.
    KEXPECT_EQ(tasks_alive(), tasks_before);
    KEXPECT_EQ(nr_free_pages(), before);
}

// Two threads hand a token back and forth with yield(): each switch must land in the other.
KTEST(context_switch_ping_pong)
{
    struct Shared {
        volatile int turn = 0;
        int trace[20] {};
        volatile int next = 0;
    };
    static Shared shared;
    shared = Shared {};
    auto player = [](void* arg) {
        int me = int(uptr(arg));
        for (int round = 0; round < 10; ++round) {
            while (shared.turn != me)
                yield();
            shared.trace[shared.next] = me;
            shared.next = shared.next + 1;
            shared.turn = 1 - me;
        }
    };
    u64 switches_before = context_switches();
    auto a = kthread_run("ping", player, reinterpret_cast<void*>(0));
    auto b = kthread_run("pong", player, reinterpret_cast<void*>(1));
    KASSERT(!a.is_error() && !b.is_error());
    kthread_join(*a.value());
    kthread_join(*b.value());
    KEXPECT_EQ(shared.next, 20);
    for (int i = 0; i < 20; ++i)
        KEXPECT_EQ(shared.trace[i], i % 2);
    KEXPECT(context_switches() - switches_before >= 20);
}

// A thread that never yields still loses the CPU when its time slice ends.
KTEST(preemption_of_a_busy_thread)
{
    static volatile bool stop;
    static volatile u64 other_ran;
    stop = false;
    other_ran = 0;
    auto spinner = kthread_run(
        "spinner",
        [](void*) {
            while (!stop) { }
        },
        nullptr);
    auto counter = kthread_run(
        "counter", [](void*) { other_ran = 1; }, nullptr);
    KASSERT(!spinner.is_error() && !counter.is_error());
    kthread_join(*counter.value()); // only possible if the spinner was preempted
    KEXPECT_EQ(other_ran, 1u);
    stop = true;
    kthread_join(*spinner.value());
}

KTEST(waitqueue_sleep_and_wake)
{
    struct State {
        WaitQueue queue;
        volatile bool ready = false;
        volatile int woken = 0;
    };
    static State* state;
    State local;
    state = &local;
    auto sleeper = [](void*) {
        state->queue.wait_event([] { return state->ready; });
        state->woken = state->woken + 1;
    };
    auto t1 = kthread_run("sleeper1", sleeper, nullptr);
    auto t2 = kthread_run("sleeper2", sleeper, nullptr);
    KASSERT(!t1.is_error() && !t2.is_error());
    msleep(20); // they run and block
    KEXPECT_EQ(local.woken, 0);
    KEXPECT(local.queue.has_sleepers());
    KEXPECT(t1.value()->state == TaskState::Uninterruptible);
    // A wake-up without the condition puts them back to sleep.
    local.queue.wake_all();
    msleep(20);
    KEXPECT_EQ(local.woken, 0);
    local.ready = true;
    KEXPECT_EQ(local.queue.wake_all(), 2u);
    kthread_join(*t1.value());
    kthread_join(*t2.value());
    KEXPECT_EQ(local.woken, 2);
    KEXPECT(!local.queue.has_sleepers());
}

KTEST(waitqueue_wake_one_wakes_exactly_one)
{
    struct State {
        WaitQueue queue;
        volatile int tokens = 0;
        volatile int done = 0;
    };
    static State* state;
    State local;
    state = &local;
    auto consumer = [](void*) {
        state->queue.wait_event([] { return state->tokens > 0; });
        state->tokens = state->tokens - 1;
        state->done = state->done + 1;
    };
    RefPtr<Task> keep[3];
    for (auto& t : keep) {
        auto thread = kthread_run("consumer", consumer, nullptr);
        KASSERT(!thread.is_error());
        t = thread.release_value();
    }
    msleep(20);
    for (int expected = 1; expected <= 3; ++expected) {
        local.tokens = local.tokens + 1;
        KEXPECT_EQ(local.queue.wake_one(), 1u);
        msleep(10);
        KEXPECT_EQ(local.done, expected);
    }
    for (auto& t : keep)
        kthread_join(*t);
}

// Many short-lived threads: every task and every stack page comes back.
KTEST(kthread_create_exit_no_leak)
{
    u64 before = nr_free_pages();
    usize tasks_before = tasks_alive();
    for (int i = 0; i < 200; ++i) {
        auto t = kthread_run(
            "short", [](void*) {}, nullptr);
        KASSERT(!t.is_error());
        kthread_join(*t.value());
    }
    yield(); // let the last dead task be reaped
    KEXPECT_EQ(tasks_alive(), tasks_before);
    KEXPECT_EQ(nr_free_pages(), before);
}
