#pragma once
// A process: a thread group (Linux's signal_struct with the group's pid). Its threads (task.h)
// share its pid, its place in the process tree, its exit status and resource limits. What clone()
// may share between processes or not (address space, files, fs context) belongs to each task.

#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <proc/task.h>
#include <proc/signal.h>
#include <sched/wait.h>

struct Credentials {
    u32 uid { 0 }, euid { 0 }, suid { 0 }, fsuid { 0 };
    u32 gid { 0 }, egid { 0 }, sgid { 0 }, fsgid { 0 };
};

// Linux's resource limits (include/uapi/asm-generic/resource.h).
inline constexpr usize RLIM_NLIMITS = 16;
inline constexpr u64 RLIM_INFINITY = ~0ull;
struct ResourceLimit {
    u64 soft;
    u64 hard;
};

// NOTE: tasklist_lock guards the process tree: every Process's parent, children, sibling_node,
// state and the process table. It is the first lock in the lock order (before any process's or
// address space's locks), and is never held while sleeping.
extern Spinlock tasklist_lock;

enum class ProcessState : u8 {
    Alive,
    Zombie, // exited; its parent has not waited for it yet
};

class Process : public RefCounted<Process> {
public:
    // A process not yet visible to anyone: publish_process() makes it so (the commit point of
    // copy_process()).
    static Result<NonnullRefPtr<Process>> create(i32 pid);
    ~Process();

    i32 pid() const { return m_pid; }

    Credentials creds;
    ResourceLimit rlimits[RLIM_NLIMITS] {};
    char exe_path[256] {}; // what /proc/self/exe names: the path exec resolved
    char comm[16] {}; // the program's name (basename of the path), as Linux's comm

    // The process tree (guarded by tasklist_lock). A parent holds a reference on each child until
    // it has waited for it; a child points back without one (it is reparented before its parent
    // goes away).
    Process* parent { nullptr };
    ProcessState state { ProcessState::Alive };
    bool child_subreaper { false }; // PR_SET_CHILD_SUBREAPER: orphans below come here, not to init
    int exit_signal { 17 }; // sent to the parent at exit (SIGCHLD; clone() may choose another)
    WaitQueue child_exit_wait; // wait4()/waitid() sleep here until a child changes state

    // The threads (guarded by tasklist_lock). A thread leaves at its exit; the process exits with
    // its last thread. The leader (tid == pid) may exit first: its pid stays with the process.
    IntrusiveList<Task, &Task::thread_node> threads;
    usize live_threads { 0 };
    // exit_group() or a fatal signal: every thread is ending, and this is the status (Linux's
    // SIGNAL_GROUP_EXIT and group_exit_code). Otherwise the status is the leader's own.
    bool group_exiting { false };
    int group_exit_status { 0 };
    int leader_exit_status { 0 };
    // exec in a threaded process: the thread that execs waits here until it is the only one
    // (Linux's signal->group_exec_task and de_thread()).
    Task* group_exec_task { nullptr };
    WaitQueue group_exec_wait;
    // Signals to the whole group (proc/signal.h), guarded by the sighand lock of its tasks.
    SigPending shared_pending;
    u32 signal_flags { 0 }; // SIGNAL_STOP_STOPPED, SIGNAL_STOP_CONTINUED, SIGNAL_CLD_CONTINUED
    int group_stop_code { 0 }; // the stop signal while stopped (Linux's group_exit_code then)
    // Guarded by tasklist_lock: what wait() has still to report (WUNTRACED / WCONTINUED).
    int stop_report { 0 }; // the stop signal, until reported
    bool continued_report { false };

    // Exit: the wait status (exit code << 8, or the signal number), and for the kernel's own
    // watchers (PID 1, the runner's command) a queue to sleep on.
    bool exited { false };
    int exit_status { 0 };
    WaitQueue exit_waiters;

    explicit Process(i32 pid);
    void will_be_destroyed(); // leaves the process table
    bool owns_pid { false }; // the pid goes back to the allocator with the process (Task::give_id_to)

    ListNode table_node; // in the process table (process.cpp)
    ListNode sibling_node; // in the parent's children
    IntrusiveList<Process, &Process::sibling_node> children;

private:
    i32 m_pid;
};

// Make a new process visible: in the process table, and as a child of `parent` (which takes a
// reference on it), with `leader` as its first thread. Nothing may fail after this for the
// process being created.
void publish_process(Process& process, Process* parent, Task& leader);
// Make a new thread of an existing process visible; EINTR (and nothing done) if the process is
// exiting or exec'ing, whose kill the thread would miss (Linux's fatal_signal_pending() check).
Result<void> publish_thread(Process& process, Task& thread);

// The live process with this pid (with a reference), or null.
RefPtr<Process> find_process(i32 pid);
// The live thread with this tid (with a reference), or null.
RefPtr<Task> find_task(i32 tid);
// Call fn for every process in the table (zombies included). Caller holds tasklist_lock.
void for_each_process_locked(void (*fn)(Process&, void*), void* ctx);
// How many processes the real user `uid` has (for RLIMIT_NPROC).
usize count_processes_of(u32 uid);

// The process of the task running on this CPU (the caller of a system call).
Process& current_process();
