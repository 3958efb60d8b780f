#pragma once
// A process: a thread group (Linux's signal_struct with the group's pid). Its threads (task.h)
// share its pid, its place in the process tree, its exit status and resource limits. What clone()
// may share between processes or not (address space, files, fs context) belongs to each task.

#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <proc/cred.h>
#include <proc/rlimit.h>
#include <proc/task.h>
#include <proc/signal.h>
#include <proc/itimer.h>
#include <proc/ucount.h>
#include <sched/wait.h>

// NOTE: tasklist_lock guards the process tree: every Process's parent, children, sibling_node,
// state and the process table. It is the first lock in the lock order (before any process's or
// address space's locks), and is never held while sleeping.
extern Spinlock tasklist_lock;

enum class ProcessState : u8 {
    Alive,
    Zombie, // exited; its parent has not waited for it yet
};

class Tty;

class Process : public RefCounted<Process> {
public:
    // A process not yet visible to anyone: publish_process() makes it so (the commit point of
    // copy_process()).
    static Result<NonnullRefPtr<Process>> create(i32 pid);
    ~Process();

    i32 pid() const { return m_pid; }

    ResourceLimit rlimits[RLIM_NLIMITS] {}; // Linux's signal->rlim (rlimit.h); tasklist_lock
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
    // Process group and session (guarded by tasklist_lock; pgrp.cpp). 0 for both is the group
    // and session of the kernel's own first processes (Linux's init_struct_pid), as Linux's
    // kernel_init() starts; setsid() and setpgid() make real ones.
    i32 pgid { 0 };
    i32 sid { 0 };
    bool session_leader { false }; // made by setsid() (Linux's signal->leader)
    // The controlling terminal (Linux's signal->tty): inherited at fork, dropped by setsid();
    // guarded by tasklist_lock (fs/tty.h).
    Tty* tty { nullptr };
    u64 start_time_ns { 0 }; // ktime_get_ns() at creation (Linux's start_boottime), for /proc/PID/stat
    bool fork_no_exec { false }; // a fork child that has not exec'd yet (Linux's PF_FORKNOEXEC)

    // Usage (sched/cputime.h, proc/rusage.h). `usage`: of every thread the group ever had, bumped
    // with each thread's own (same rules as Task::usage). `maxrss_kib`: the largest resident set
    // of an address space the group let go of (exec, exit), Linux's signal->maxrss. The children's
    // (Linux's cutime, cstime, cmin_flt, ..., cmaxrss): what wait() added when it reaped a child,
    // the child's own usage and its reaped children's; guarded by tasklist_lock.
    Usage usage;
    PrevCputime prev_cputime; // what times() and RUSAGE_SELF reported last (cputime_adjust())
    u64 maxrss_kib { 0 };
    Usage children_usage; // utime and stime as reported (adjusted) when each child was reaped
    u64 children_maxrss_kib { 0 };
    // The interval timers (proc/itimer.h): not inherited by fork, kept across exec.
    ITimers itimers;

    // Once the leader has exited (the process is a zombie, or its other threads live on), it has
    // no task left; as Linux's zombie leader task_struct keeps its cred until release_task(), the
    // process keeps the leader's credentials (for wait's si_uid, and prlimit's and kill's
    // permission checks) and its RLIMIT_NPROC slot, released when the process is reaped (or when
    // another thread's exec takes over the leader's pid). Guarded by tasklist_lock.
    Credentials zombie_cred;
    NprocCharge zombie_nproc;

    // Exit: the wait status (exit code << 8, or the signal number), and for the kernel's own
    // watchers (PID 1, the runner's command) a queue to sleep on.
    bool exited { false };
    bool reaped { false }; // waited for: out of the process table, its pid free (guarded by tasklist_lock)
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

// The parent's wait reaps a zombie (Linux's release_task() and __unhash_process()): it leaves the
// process table, so its pid and process-group membership are gone for everyone else, and its pid
// goes back to the allocator, even while something (a pidfd) still holds the Process. The caller
// holds tasklist_lock (the pid lock nests inside it).
void release_process_locked(Process& process);

// The live process with this pid (with a reference), or null.
RefPtr<Process> find_process(i32 pid);
// The live thread with this tid (with a reference), or null.
RefPtr<Task> find_task(i32 tid);
// The same under tasklist_lock, without a reference.
Task* find_task_locked(i32 tid);
// Call fn for every process in the table (zombies included). Caller holds tasklist_lock.
void for_each_process_locked(void (*fn)(Process&, void*), void* ctx);

// The same as find_process(), under tasklist_lock, without a reference (zombies included, as Linux's
// find_task_by_vpid() finds them until they are reaped).
Process* find_process_locked(i32 pid);
// A process in process group `pgid`, or null (Linux's pid_task(pgrp, PIDTYPE_PGID)).
Process* find_group_member_locked(i32 pgid);
// The credentials of `process` for permission checks by others (kill, prlimit): its leader's,
// alive or exited (as Linux checks the group leader task's cred). tasklist_lock held: credentials
// are swapped under it (commit_creds()).
const Credentials* process_cred_locked(Process& process);

// The user tasks that exist, zombies until reaped included (Linux's nr_threads, which also counts
// kernel threads): sysinfo()'s procs, /proc/loadavg's total.
u64 nr_threads();

// The process of the task running on this CPU (the caller of a system call).
Process& current_process();
