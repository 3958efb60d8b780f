#pragma once
// Watching a fork: with `trace=fork` on the kernel command line (./sprout run --trace fork),
// every clone logs the parent and child, the flags by name, and each copy_process() step with
// the guest time it took and what it shared or copied. The lines go to the kernel log prefixed
// "fork-trace:"; the runner prints them after CMD's output. Off, a step costs one branch.

#include <lib/types.h>

extern bool fork_trace_enabled;

// "CLONE_VM|CLONE_VFORK|SIGCHLD": the flags by name, then the exit signal; returns the length.
usize format_clone_flags(char* buffer, usize size, u64 flags, int exit_signal);

class ForkTrace {
public:
    ForkTrace();
    // Record that the step `name` just ended; `detail` says what it did (printf-style).
    void step(const char* name, const char* fmt = nullptr, ...) __attribute__((format(printf, 3, 4)));
    // Whether this fork is traced: for a detail that costs something to compute.
    bool enabled() const { return m_enabled; }
    // Print the record: the system call, the parent, the child, the flags, every step.
    void finish(const char* syscall_name, i32 parent_pid, i32 child_pid, u64 flags, int exit_signal);

private:
    static constexpr usize max_steps = 20;
    struct Step {
        const char* name;
        u64 ns;
        char detail[72];
    };
    bool m_enabled;
    u64 m_start { 0 };
    u64 m_last { 0 };
    usize m_count { 0 };
    Step m_steps[max_steps];
};
