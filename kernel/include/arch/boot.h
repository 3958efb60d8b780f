#pragma once
// What the boot protocol (Multiboot on x86_64) tells the generic kernel, in generic terms.

#include <lib/types.h>

struct MemoryRange {
    u64 start; // physical, inclusive
    u64 end; // physical, exclusive
};

struct BootModule {
    u64 start; // physical
    u64 end;
    const char* cmdline;
};

struct BootInfo {
    static constexpr usize max_ranges = 64;
    static constexpr usize max_modules = 8;

    MemoryRange usable[max_ranges] {}; // RAM the kernel may use (before reserving anything)
    usize usable_count = 0;
    MemoryRange reserved[max_ranges + max_modules] {}; // inside `usable`, but taken: image, modules, boot data
    usize reserved_count = 0;
    BootModule modules[max_modules] {}; // modules[0] is the initramfs
    usize module_count = 0;
    const char* cmdline = "";
};

// Called by the architecture's entry code once the CPU is in a sane state (long mode, a stack,
// descriptor tables, an early console).
[[noreturn]] void start_kernel(BootInfo& info);
