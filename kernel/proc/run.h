#pragma once

#include <proc/process.h>

// Whether the command line asks to run a command (sprout.run=, docs/runner.md).
bool run_requested(const char* cmdline);
// Start it as a child of `init`; its status is reported on the console when it exits.
void start_run_command(const char* cmdline, Process& init);
