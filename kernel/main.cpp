// start_kernel(): the generic boot sequence, after the architecture has the CPU in long mode with
// descriptor tables (kernel/arch/x86_64/setup.cpp). Linux's init/main.c, in small.

#include <arch/boot.h>
#include <arch/cpu.h>
#include <fs/console.h>
#include <fs/init.h>
#include <ktest/ktest.h>
#include <lib/cmdline.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <lib/random.h>
#include <mm/mm.h>
#include <mm/page_alloc.h>
#include <proc/fork_trace.h>
#include <syscall/trace.h>
#include <proc/init.h>
#include <lib/string.h>
#include <sched/clock.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

extern "C" void (*__init_array_start[])();
extern "C" void (*__init_array_end[])();

namespace {

void call_global_constructors()
{
    for (auto* ctor = __init_array_start; ctor < __init_array_end; ++ctor)
        (*ctor)();
}

} // namespace

void start_kernel(BootInfo& info)
{
    call_global_constructors();
    mm_init(info);
    kmalloc_init();
    sched_init();
    clock_init();
    random_seed(arch::read_cycle_counter() ^ ktime_get_real_ns());
    printk(
        "Sprout %s (x86_64), %lu MiB RAM, command line: %s\n", SPROUT_VERSION, total_ram_bytes() >> 20, info.cmdline);
    if (info.module_count)
        printk("initramfs: %lu bytes at %#lx\n", info.modules[0].end - info.modules[0].start, info.modules[0].start);
    vfs_init(info);
    arch::irq_enable();
    syscall_init();
    char policy[4];
    if (cmdline_get(info.cmdline, "sched_child_runs_first", policy, sizeof(policy)))
        sched_child_runs_first = policy[0] != '0';
    // trace=fork, trace=syscalls or trace=fork,syscalls (./sprout run --trace).
    char trace[32];
    if (cmdline_get(info.cmdline, "trace", trace, sizeof(trace))) {
        for (char* word = trace; *word;) {
            char* end = word;
            while (*end && *end != ',')
                ++end;
            bool last = !*end;
            *end = 0;
            if (strcmp(word, "fork") == 0)
                fork_trace_enabled = true;
            else if (strcmp(word, "syscalls") == 0)
                syscall_trace_enabled = true;
            else
                printk("trace: unknown trace '%s' (fork, syscalls)\n", word);
            word = last ? end : end + 1;
        }
    }

    static char test[64];
    if (cmdline_get(info.cmdline, "ktest", test, sizeof(test))) {
        if (kthread_run(
                "ktest", [](void*) { ktest::run(test); }, nullptr)
                .is_error())
            panic("cannot start the ktest thread");
    } else {
        start_init(info.cmdline);
    }
    console_start_receiving();
    cpu_idle();
}
