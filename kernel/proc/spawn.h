#pragma once
// Starting a user process from the kernel (Linux's call_usermodehelper(), in spirit): PID 1, and
// until fork exists, the command `./sprout run -- CMD` asks for.

#include <lib/refptr.h>
#include <lib/result.h>
#include <proc/process.h>

struct SpawnRequest {
    const char* const* argv; // argv[0] is the program: searched in `path` if it has no '/'
    const char* const* envp;
    const char* path { nullptr }; // a PATH-style search list, or null for argv[0] as given
    Process* parent { nullptr };
    // Runs in the new process's context before exec (e.g. to open its descriptors).
    Result<void> (*prepare)(Task&, void* ctx) { nullptr };
    void* ctx { nullptr };
};

// A new process (its pid is its main thread's tid) that execs the program. If the exec fails,
// the process exits as a shell's child would: 127 when the program was not found, 126 when it was
// found but could not be run.
Result<NonnullRefPtr<Process>> spawn_user_process(const SpawnRequest& request);

// Sleep until `process` has exited; its wait status.
int wait_for_exit(Process& process);

// A wait status as a shell reports it ($?): the exit code, or 128 + the signal that killed it.
inline int shell_exit_code(int wait_status)
{
    return (wait_status & 0x7f) ? 128 + (wait_status & 0x7f) : (wait_status >> 8) & 0xff;
}
