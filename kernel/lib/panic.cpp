#include <arch/cpu.h>
#include <atomic>
#include <ktest/ktest.h>
#include <lib/assert.h>
#include <lib/format.h>
#include <lib/ksyms.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <stdarg.h>

namespace {

std::atomic<int> panic_depth { 0 };

// Consecutive identical frames (deep recursion, a stack overflow) print once, with a count.
struct BacktraceState {
    uptr last { 0 };
    u32 repeats { 0 };
};

void flush_repeats(BacktraceState& state)
{
    if (state.repeats)
        printk("    ... the frame above %u more times\n", state.repeats);
    state.repeats = 0;
}

void print_frame(uptr return_address, void* ctx)
{
    auto& state = *static_cast<BacktraceState*>(ctx);
    if (return_address == state.last) {
        ++state.repeats;
        return;
    }
    flush_repeats(state);
    state.last = return_address;
    // A return address points after the call; look up the call itself, so that a call that is
    // the last instruction of a function is not blamed on the next function.
    printk("    %016lx ", return_address);
    panic_print_symbol(return_address - 1);
    printk("\n");
}

void print_backtrace(uptr pc, uptr frame_pointer)
{
    printk("Backtrace:\n");
    BacktraceState state;
    if (pc)
        print_frame(pc + 1, &state); // the faulting instruction itself, not a return address
    arch::walk_stack(print_frame, &state, frame_pointer);
    flush_repeats(state);
}

} // namespace

bool panic_in_progress() { return panic_depth.load(std::memory_order_relaxed) != 0; }

void panic_start()
{
    arch::irq_disable();
    if (panic_depth.fetch_add(1) > 0) {
        // A fault while reporting a panic: the report is lost, but the machine must still stop.
        arch::early_console_write("\nPANIC while panicking\n", 23);
        arch::power_off(panic_exit_status);
    }
}

void panic_print_symbol(uptr address)
{
    KernelSymbol sym = ksym_lookup(address);
    if (sym.name)
        printk("%s+%#lx", sym.name, address - sym.address);
    else
        printk("?");
}

void panic_finish(uptr pc, uptr frame_pointer)
{
    print_backtrace(pc, frame_pointer);
    ktest::report_panic();
    printk("Kernel panic: stopping the machine.\n");
    arch::power_off(panic_exit_status);
}

void panic(const char* fmt, ...)
{
    panic_start();
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vformat_to(message, sizeof(message), fmt, ap);
    va_end(ap);
    printk("PANIC: %s\n", message);
    print_backtrace(0, uptr(__builtin_frame_address(0)));
    ktest::report_panic();
    printk("Kernel panic: stopping the machine.\n");
    arch::power_off(panic_exit_status);
}

void lib_verify_failed(const char* expr, const char* file, int line, const char* function)
{
    panic("VERIFY(%s) failed at %s:%d in %s", expr, file, line, function);
}
