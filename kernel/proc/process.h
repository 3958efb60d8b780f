#pragma once
// A process: what the threads of one thread group share. Today a process has one thread; the
// process-creation issue adds clone() and thread groups, and makes the parts below shared or
// copied per CLONE_* flag. Each part is its own reference-counted object for exactly that reason:
// CLONE_VM shares `mm`, CLONE_FILES `files`, CLONE_FS `fs`.

#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
#include <lib/spinlock.h>
#include <lib/types.h>
#include <sched/wait.h>

class AddressSpace;
class FileTable;
class FsContext;

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

    RefPtr<AddressSpace> mm; // null for kernel threads
    RefPtr<FileTable> files;
    RefPtr<FsContext> fs;
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
// reference on it). Nothing may fail after this for the process being created.
void publish_process(Process& process, Process* parent);

// The live process with this pid (with a reference), or null.
RefPtr<Process> find_process(i32 pid);
// How many processes the real user `uid` has (for RLIMIT_NPROC).
usize count_processes_of(u32 uid);

// The process of the task running on this CPU (the caller of a system call).
Process& current_process();
