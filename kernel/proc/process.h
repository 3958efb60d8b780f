#pragma once
// A process: what the threads of one thread group share. Today a process has one thread; the
// process-creation issue adds clone() and thread groups, and makes the parts below shared or
// copied per CLONE_* flag. Each part is its own reference-counted object for exactly that reason:
// CLONE_VM shares `mm`, CLONE_FILES `files`, CLONE_FS `fs`.

#include <lib/list.h>
#include <lib/refptr.h>
#include <lib/result.h>
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

class Process : public RefCounted<Process> {
public:
    static Result<NonnullRefPtr<Process>> create(i32 pid);
    ~Process();

    i32 pid() const { return m_pid; }

    RefPtr<AddressSpace> mm; // null for kernel threads
    RefPtr<FileTable> files;
    RefPtr<FsContext> fs;
    Credentials creds;
    ResourceLimit rlimits[RLIM_NLIMITS] {};
    Process* parent { nullptr }; // FIXME: real parent links and reparenting come with fork/wait
    char exe_path[256] {}; // what /proc/self/exe names: the path exec resolved
    char comm[16] {}; // the program's name (basename of the path), as Linux's comm

    // Exit. FIXME: zombies, wait4 and SIGCHLD come with the process-creation issue; until then
    // whoever started the process waits here.
    bool exited { false };
    int exit_status { 0 }; // a wait status: exit code << 8, or the signal number
    WaitQueue exit_waiters;

    explicit Process(i32 pid);
    void will_be_destroyed(); // leaves the process table

    ListNode table_node; // in the process table (process.cpp), guarded by its lock

private:
    i32 m_pid;
};

// The live process with this pid (with a reference), or null.
RefPtr<Process> find_process(i32 pid);

// The process of the task running on this CPU (the caller of a system call).
Process& current_process();
