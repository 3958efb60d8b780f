#pragma once
// A task is a thread of execution with its own kernel stack (Linux's task_struct). A user task is
// one thread of a process (its thread group, process.h). What clone()'s flags share or copy hangs
// off the task as separate reference-counted objects, as in Linux: the address space (CLONE_VM),
// the file table (CLONE_FILES), the fs context (CLONE_FS).

#include <arch/thread.h>
#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <mm/kstack.h>
#include <new>
#include <proc/signal.h>
#include <proc/cred.h>
#include <proc/ucount.h>
#include <sched/cputime.h>
#include <sched/wait.h>

class AddressSpace;
class FileTable;
class FsContext;
class Process;

// What a vfork parent waits for (Linux's struct completion for vfork_done).
struct VforkDone {
    bool done { false };
    WaitQueue wait;
};

enum class TaskState : u8 {
    New, // built, never run: not yet on a run queue
    Running, // on a CPU or on a run queue (Linux's TASK_RUNNING)
    Interruptible, // asleep until woken or signalled (Linux's TASK_INTERRUPTIBLE)
    Uninterruptible, // asleep until woken
    Killable, // asleep until woken or sent a fatal signal (TASK_KILLABLE)
    Stopped, // stopped by a stop signal until SIGCONT or SIGKILL (TASK_STOPPED)
    Dead, // exited; its stack goes when the CPU has switched away from it
};

class alignas(16) Task : public RefCounted<Task> {
public:
    using EntryFunction = void (*)(void*);

    // A kernel thread that will run entry(arg) once woken by wake_up_new_task().
    static Result<NonnullRefPtr<Task>> create_kernel_thread(const char* name, EntryFunction entry, void* arg);
    // fork's dup_task_struct(): a task with a fresh id and kernel stack, named like `parent`; its
    // context is for copy_thread() to fill.
    static Result<NonnullRefPtr<Task>> create_for_fork(const Task& parent);
    // The task that stands for the boot CPU's original thread (it becomes the idle task).
    static Result<NonnullRefPtr<Task>> create_boot_task();

    // Tasks come from their own slab cache, not the general heap.
    static void* operator new(usize size, const std::nothrow_t&) noexcept;
    static void operator delete(void* ptr);

    i32 tid() const { return m_tid; }
    const char* name() const { return m_name; }
    uptr kernel_stack_top() const { return m_kstack.top(); }

    // NOTE: fields below are guarded by the run queue lock of the task's CPU, except where noted.
    TaskState state { TaskState::New };
    bool on_run_queue { false };
    u32 time_slice { 0 }; // timer ticks left before preemption
    // The CPUs the task may run on (sched_setaffinity), one bit per CPU. NOTE: Sprout runs on one
    // CPU today, so the mask only ever holds CPU 0; with SMP the run queues must honour it.
    u64 cpus_allowed { 1 };
    i8 nice { 0 }; // -20..19 (proc/priority.h); written under tasklist_lock, read by the scheduler
    bool contributes_to_load { false }; // asleep uninterruptibly, counted in nr_uninterruptible
    ListNode run_node; // on the run queue
    arch::Context context; // saved registers while not running

    // The process (thread group) this task is a thread of; null for kernel threads.
    RefPtr<Process> process;
    // NOTE: mm, files and fs are null for kernel threads. Only the task itself replaces them (exec,
    // exit), so the task reads its own without a lock; others may read them only while holding a
    // reference on the task that keeps it from exiting (the scheduler reads `mm` of a task that is
    // not running, which cannot change it).
    RefPtr<AddressSpace> mm; // Linux's task->mm
    RefPtr<FileTable> files; // task->files
    RefPtr<FsContext> fs; // task->fs
    ListNode thread_node; // in process->threads (guarded by tasklist_lock)
    // Who the task acts as (Linux's task->cred). Only the task changes its own (commit_creds(),
    // under tasklist_lock); others read them under tasklist_lock.
    Credentials creds;
    NprocCharge nproc; // this task's count towards its real user's RLIMIT_NPROC (ucount.h)
    bool nproc_exceeded { false }; // setuid() to a user over RLIMIT_NPROC: execve fails (PF_NPROC_EXCEEDED)
    VforkDone* vfork_done { nullptr }; // a vfork child: its parent sleeps on this until exec or exit
    int* clear_child_tid { nullptr }; // set_tid_address(): a user address, cleared at exit
    void* robust_list { nullptr }; // set_robust_list(): a user address
    u32 pagefault_disabled { 0 }; // pagefault_disable() depth (mm/uaccess.h); only the task itself touches it

    // Usage statistics (sched/cputime.h): CPU time, context switches, page faults. NOTE: written
    // only on the task's own CPU (the timer tick, the context switch, the task's own page faults)
    // with interrupts off; others read them without a lock (a 64-bit load is atomic).
    Usage usage;
    PrevCputime prev_cputime; // RUSAGE_THREAD's last report (cputime_adjust())
    u64 exec_start { 0 }; // ktime_get_ns() when the task last got the CPU (Linux's se.exec_start)

    // Signals (proc/signal.h). `sighand` is set once a task belongs to a process and lives as
    // long as the task; the rest is guarded by sighand->lock.
    RefPtr<SigHand> sighand;
    SigSet blocked { 0 };
    SigSet saved_sigmask { 0 }; // sigsuspend/ppoll: the mask to put back after the handler
    SigSet real_blocked { 0 }; // rt_sigtimedwait: the mask while it waits with some unblocked
    bool restore_sigmask { false };
    SigPending pending; // thread-directed signals
    uptr sas_ss_sp { 0 }; // sigaltstack: the alternate stack (size 0: none)
    usize sas_ss_size { 0 };
    u32 sas_ss_flags { 0 }; // SS_AUTODISARM
    int pdeath_signal { 0 }; // prctl(PR_SET_PDEATHSIG): sent when the parent exits

    // Exit, for kthread_join(). Written by the task itself before it dies.
    int exit_code { 0 };
    bool exited { false };
    WaitQueue exit_waiters;

    // Use the create_*() functions; public only for try_make_ref_counted().
    Task(i32 tid, const char* name);
    ~Task();

    // The task's id becomes its new process's pid: the process frees it (when reaped), not the
    // task (which goes at exit).
    void give_id_to(Process& process);
    // exec by a thread other than the leader (Linux's exchange_tids() in de_thread()): its own id
    // goes, and it is known by the process's pid from now on.
    void take_leader_id(Process& process);
    // clone3's set_tid: a task not yet visible to anyone trades the id it was created with for
    // `tid`, which the caller allocated (alloc_pid_exact()).
    void replace_id(i32 tid);

private:
    static Result<NonnullRefPtr<Task>> create_with_id(const char* name);

    i32 m_tid;
    bool m_owns_id { false };
    char m_name[16] {};
    KernelStack m_kstack;
};

usize tasks_alive(); // live Task objects, for leak tests
