#pragma once
// Helpers for the in-kernel tests that run user programs: start one as a kernel-spawned process
// (as PID 1 is started) and wait for it.

#include <proc/spawn.h>

namespace ktest {

// Run argv (no environment) to its end; its wait status, or -1 if it could not be started.
inline int run_and_wait(const char* const* argv)
{
    static const char* const no_env[] = { nullptr };
    // NOTE: the request must outlive the new process's exec: static, one at a time.
    static SpawnRequest request;
    request = SpawnRequest {};
    request.argv = argv;
    request.envp = no_env;
    auto process = spawn_user_process(request);
    if (process.is_error())
        return -1;
    return wait_for_exit(*process.value());
}

} // namespace ktest
