#pragma once
// Waiting for children (Linux's kernel/exit.c do_wait()): wait4() and waitid() share it.

#include <lib/result.h>
#include <proc/process.h>
#include <proc/rusage.h>

enum class WaitWhich {
    Any, // P_ALL, pid -1
    Pid, // P_PID, pid > 0
    Group, // P_PGID, pid 0 or < -1: the children in process group `id` (0: the caller's group)
    Process, // P_PIDFD: the one process a pidfd refers to
};

// Linux's option bits (include/uapi/linux/wait.h: WNOHANG, WUNTRACED/WSTOPPED, WEXITED,
// WCONTINUED, WNOWAIT, __WNOTHREAD, __WALL, __WCLONE), named so as not to meet the C library's macros.
inline constexpr u32 WaitNoHang = 0x00000001;
inline constexpr u32 WaitStopped = 0x00000002; // = WSTOPPED
inline constexpr u32 WaitExited = 0x00000004;
inline constexpr u32 WaitContinued = 0x00000008;
inline constexpr u32 WaitNoWait = 0x01000000;
inline constexpr u32 WaitNoThread = 0x20000000;
inline constexpr u32 WaitAll = 0x40000000;
inline constexpr u32 WaitClone = 0x80000000;

struct WaitResult {
    i32 pid { 0 }; // 0: WaitNoHang and nothing ready
    int status { 0 }; // the wait status
    int code { 0 }; // waitid()'s si_code: CLD_EXITED, CLD_KILLED, CLD_DUMPED, CLD_STOPPED, CLD_CONTINUED
    u32 uid { 0 };
    RusageReport rusage; // the child's own usage and its reaped children's
};

// Find a child that has exited (and, unless WaitNoWait, reap it), or, as asked, stopped or
// continued. ECHILD when no child matches; ERESTARTSYS when a signal ends the wait. `target` is
// the process for WaitWhich::Process (matched by identity, not by pid number).
Result<WaitResult> do_wait(WaitWhich which, i32 id, u32 options, const Process* target = nullptr);
