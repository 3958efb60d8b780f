// RLIMIT_NPROC from the kernel's side: a fork bomb by a non-root user stays within the user's
// limit, the kernel stays responsive, and once everything is reaped the user's count, the live
// tasks, the kernel stacks and the free-page count are exactly where they were.

#include <ktest/ktest.h>
#include <lib/printk.h>
#include <mm/kstack.h>
#include <mm/page_alloc.h>
#include <proc/cred.h>
#include <proc/process.h>
#include <proc/spawn.h>
#include <proc/task.h>
#include <proc/ucount.h>
#include <proc/wait.h>
#include <sched/sched.h>

namespace {

constexpr u32 bomb_uid = 4242;
constexpr u64 bomb_limit = 24;

// busybox sh: each level runs, three times over, two copies of itself as a pipeline (two forks)
// and waits for both. A fork refused with EAGAIN ends that shell ("can't fork"); its parent goes
// on with its next round, so the bomb keeps pressing against the limit; children of a failed
// shell that did start become orphans, which go to the nearest subreaper: the test's reaper.
// NOTE: a pipeline, not `&` and `wait`: busybox's wait builtin sleeps in sigsuspend() for SIGCHLD.
#define BOMB(depth)                                                                                \
    "b() { [ $1 -gt 0 ] || return 0; for i in 1 2 3; do b $(($1-1)) | b $(($1-1)); done; }; b " #depth
const char* const bomb_small[] = { "/bin/sh", "-c", BOMB(2), nullptr };
const char* const bomb[] = { "/bin/sh", "-c", BOMB(5), nullptr };
const char* const still_forks[] = { "/bin/sh", "-c", "( : ); ( exit 3 ); exit $?", nullptr };
const char* const no_env[] = { nullptr };
usize reaped_count; // by the last run_and_reap_all()

// Runs in the new process before its exec: become bomb_uid (all of real, effective, saved) with
// RLIMIT_NPROC at bomb_limit.
Result<void> become_bomb_user(Task& task, void*)
{
    TRY(commit_creds(TRY(cred_setresuid(current_cred(), bomb_uid, bomb_uid, bomb_uid))));
    task.process->rlimits[RLIMIT_NPROC] = { bomb_limit, bomb_limit };
    return {};
}

// Spawn argv as a child of the current (reaper) process and reap everything that ends up ours,
// orphans included, until there are no children left. Returns the most tasks bomb_uid was seen to
// have at once.
usize run_and_reap_all(const char* const* argv, bool as_bomb_user)
{
    static SpawnRequest request;
    request = SpawnRequest {};
    request.argv = argv;
    request.envp = no_env;
    request.parent = &current_process();
    if (as_bomb_user)
        request.prepare = become_bomb_user;
    if (spawn_user_process(request).is_error())
        return 0;
    usize most = 0;
    reaped_count = 0;
    for (;;) {
        most = lib::max(most, nproc_count(bomb_uid));
        auto reaped = do_wait(WaitWhich::Any, 0, WaitExited | WaitAll);
        if (reaped.is_error())
            break; // ECHILD: nothing left
        ++reaped_count;
    }
    return most;
}

} // namespace

KTEST(fork_bomb_under_rlimit_nproc)
{
    // This kernel thread stands in for init: a child subreaper that reaps every orphan.
    auto reaper = MUST(Process::create(0));
    reaper->child_subreaper = true;
    current()->process = reaper;
    // Its children's SIGCHLDs land on the reaper's shared pending set: blocked, they never end the
    // test's waits early (as a kernel thread ignores signals in Linux).
    current()->blocked = ~SigSet(0);

    run_and_reap_all(bomb_small, true); // warms up what stays allocated on purpose
    yield();
    u64 free_before = nr_free_pages();
    usize tasks_before = tasks_alive();
    usize stacks_before = kernel_stacks_in_use();
    u64 pgtables_before = page_stats().pgtables;

    usize most = run_and_reap_all(bomb, true);
    printk("fork bomb: %lu processes reaped, at most %lu of uid %u at once (limit %lu)\n", reaped_count, most,
        bomb_uid, bomb_limit);
    KEXPECT(most <= bomb_limit); // never past the limit
    KEXPECT(most >= bomb_limit / 2); // and the bomb did press against it
    KEXPECT_EQ(nproc_count(bomb_uid), 0u);

    // Still responsive: root forks as before.
    {
        static SpawnRequest request;
        request = SpawnRequest {};
        request.argv = still_forks;
        request.envp = no_env;
        request.parent = reaper.ptr();
        auto shell = spawn_user_process(request);
        KEXPECT(!shell.is_error());
        if (!shell.is_error()) {
            auto status = do_wait(WaitWhich::Pid, shell.value()->pid(), WaitExited | WaitAll);
            KEXPECT(!status.is_error() && status.value().status == (3 << 8));
        }
    }

    yield(); // let the exited tasks' stacks go
    KEXPECT_EQ(tasks_alive(), tasks_before);
    KEXPECT_EQ(kernel_stacks_in_use(), stacks_before);
    KEXPECT_EQ(page_stats().pgtables, pgtables_before);
    KEXPECT_EQ(nr_free_pages(), free_before);
    current()->blocked = 0;
    current()->process = nullptr;
}
