#pragma once
// The kernel command line: space-separated words, `key=value` or a bare `key`.

#include <lib/types.h>

// The value of `key` copied into `out` (truncated to fit, NUL-terminated), or false when `key`
// is absent. A bare `key` has the value "". The last occurrence wins, as in Linux.
bool cmdline_get(const char* cmdline, const char* key, char* out, usize out_size);
bool cmdline_has(const char* cmdline, const char* key);
