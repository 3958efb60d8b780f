#pragma once

// Start PID 1 (the program named by init= on the command line, else /sbin/init and Linux's other
// usual places).
void start_init(const char* cmdline);
