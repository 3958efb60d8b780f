// Weak stand-ins for the process code, which lives on another branch: they let this branch link.
// The real definitions (kernel/proc/) override them; this file can go when both branches meet.

#include <lib/panic.h>
#include <proc/process.h>

[[gnu::weak]] Process& current_process() { panic("current_process(): no processes in this build"); }
