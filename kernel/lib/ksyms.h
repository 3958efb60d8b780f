#pragma once
// The kernel's own symbol table, embedded at link time (tools/gen-ksyms.sh): address to name.

#include <lib/types.h>

struct KernelSymbol {
    const char* name;
    uptr address; // the symbol's start
};

// The function containing `address`, or a null name when it is not inside the kernel's code.
KernelSymbol ksym_lookup(uptr address);
