// Process creation end to end, from the kernel's side: a user shell that forks 10,000 times must
// leave the free-page count, the live tasks and the pids exactly where they were; /proc/meminfo
// shows the same.

#include <ktest/ktest.h>
#include <ktest/spawn_helpers.h>
#include <ktest/vfs_helpers.h>
#include <lib/string.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>
#include <proc/exit.h>
#include <proc/spawn.h>
#include <proc/task.h>
#include <sched/sched.h>

namespace {

// busybox sh: `( : )` is a subshell, i.e. fork + exit + wait with no exec in between.
const char* const shell_loop[] = { "/bin/sh", "-c",
    "i=0; while [ $i -lt 10000 ]; do ( : ); i=$((i + 1)); done; exit 7", nullptr };

} // namespace

using ktest::run_and_wait;

KTEST(fork_10000_times_leaks_nothing)
{
    // A first run warms up what stays allocated on purpose (the zero page, the root tmpfs's
    // pages for the shell's inode are already there): only the second is measured.
    const char* const warm[] = { "/bin/sh", "-c", "( : ); exit 0", nullptr };
    KASSERT(run_and_wait(warm) == 0);
    yield(); // let the exited tasks be reaped
    u64 free_before = nr_free_pages();
    usize tasks_before = tasks_alive();
    u64 pgtables_before = page_stats().pgtables;
    usize stacks_before = kernel_stacks_in_use();

    int status = run_and_wait(shell_loop);
    KEXPECT_EQ(status, 7 << 8);
    yield();
    KEXPECT_EQ(tasks_alive(), tasks_before);
    KEXPECT_EQ(nr_free_pages(), free_before);
    KEXPECT_EQ(page_stats().pgtables, pgtables_before);
    KEXPECT_EQ(kernel_stacks_in_use(), stacks_before);
}

// Child runs first, and its switch: a new child process's task goes to the head of the run queue
// and its parent is asked to reschedule (it does so on its way back to user mode); with the
// policy off the child waits its turn at the tail.
KTEST(child_runs_first_policy_both_ways)
{
    static volatile bool child_ran;
    auto first_step = [](bool child_first) -> bool {
        bool saved = sched_child_runs_first;
        sched_child_runs_first = child_first;
        child_ran = false;
        auto task = MUST(Task::create_kernel_thread("child", [](void*) { child_ran = true; }, nullptr));
        task->process = MUST(Process::create(0)); // a process's task: the policy applies to it
        wake_up_new_task(*task);
        return_to_user_work(); // what the parent's system call does on its way out
        bool ran = child_ran;
        task->process = nullptr;
        kthread_join(*task);
        sched_child_runs_first = saved;
        return ran;
    };
    KEXPECT(first_step(true));   // the child ran before the parent went on
    KEXPECT(!first_step(false)); // the parent went on first
}

namespace {

// The value of `label` ("MemFree:") in /proc/meminfo's text, in KiB; -1 if absent.
long meminfo_value(const char* text, const char* label)
{
    usize label_length = strlen(label);
    for (const char* line = text; *line;) {
        if (strncmp(line, label, label_length) == 0) {
            const char* p = line + label_length;
            while (*p == ' ')
                ++p;
            long value = 0;
            while (*p >= '0' && *p <= '9')
                value = value * 10 + (*p++ - '0');
            return strncmp(p, " kB\n", 4) == 0 ? value : -1;
        }
        while (*line && *line != '\n')
            ++line;
        if (*line)
            ++line;
    }
    return -1;
}

} // namespace

// /proc/meminfo says what the page allocator says, and fork + exit + wait leaves PageTables and
// MemFree where they were; while a process is alive its page tables show in PageTables.
KTEST(proc_meminfo_page_tables_back_after_fork_exit)
{
    auto ctx = ktest::vfs_test_context();
    static char text[512];
    KASSERT(!ktest::read_file(ctx, "/proc/meminfo", text, sizeof(text)).is_error());
    KEXPECT_EQ(meminfo_value(text, "MemTotal:"), long(page_stats().total * (PAGE_SIZE / 1024)));
    KEXPECT(meminfo_value(text, "MemFree:") > 0);
    KEXPECT(meminfo_value(text, "PageTables:") > 0); // the kernel's own (its half, shared by all)

    const char* const warm[] = { "/bin/sh", "-c", "( : ); exit 0", nullptr };
    KASSERT(run_and_wait(warm) == 0);
    yield();
    KASSERT(!ktest::read_file(ctx, "/proc/meminfo", text, sizeof(text)).is_error());
    long free_before = meminfo_value(text, "MemFree:");
    long tables_before = meminfo_value(text, "PageTables:");

    const char* const loop[] = { "/bin/sh", "-c", "i=0; while [ $i -lt 200 ]; do ( : ); i=$((i + 1)); done", nullptr };
    KEXPECT_EQ(run_and_wait(loop), 0);
    yield();
    KASSERT(!ktest::read_file(ctx, "/proc/meminfo", text, sizeof(text)).is_error());
    KEXPECT_EQ(meminfo_value(text, "PageTables:"), tables_before);
    KEXPECT_EQ(meminfo_value(text, "MemFree:"), free_before);

    // A shell and its cat are alive while cat reads: their page tables are counted.
    const char* const during[] = { "/bin/sh", "-c", "cat /proc/meminfo > /tmp/meminfo_during", nullptr };
    KEXPECT_EQ(run_and_wait(during), 0);
    KASSERT(!ktest::read_file(ctx, "/tmp/meminfo_during", text, sizeof(text)).is_error());
    KEXPECT(meminfo_value(text, "PageTables:") > tables_before);
    KEXPECT_OK(vfs_unlink(ctx, linux_abi::AT_FDCWD, "/tmp/meminfo_during"));
}
