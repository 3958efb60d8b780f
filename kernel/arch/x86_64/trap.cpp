// The IDT and the one place every trap lands: trap_dispatch(). Exceptions the kernel cannot handle
// end in a panic report with every register and a symbolized backtrace.

#include <abi/linux/signal.h>
#include <arch/x86_64/gdt.h>
#include <arch/x86_64/io.h>
#include <arch/x86_64/trap.h>
#include <arch/x86_64/uaccess.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <mm/address_space.h>
#include <mm/fault.h>
#include <mm/uaccess.h>
#include <proc/exit.h>
#include <proc/signal.h>
#include <sched/cputime.h>
#include <sched/sched.h>

extern "C" char isr_stubs[]; // 256 entry stubs, 16 bytes apart (entry.S)

namespace x86 {
namespace {

struct [[gnu::packed]] IdtEntry {
    u16 offset_low;
    u16 selector;
    u8 ist;
    u8 type_attr;
    u16 offset_mid;
    u32 offset_high;
    u32 reserved;
};
static_assert(sizeof(IdtEntry) == 16);

alignas(16) IdtEntry idt[256];
IrqHandler irq_handlers[256];

constexpr const char* exception_names[32] = {
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection fault",
    "page fault",
    "reserved",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point error",
    "virtualization exception",
    "control protection exception",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "reserved",
    "hypervisor injection",
    "VMM communication",
    "security exception",
    "reserved",
};

void set_gate(u8 vector, u8 ist, u8 dpl)
{
    u64 handler = reinterpret_cast<u64>(isr_stubs + 16 * vector);
    idt[vector] = IdtEntry {
        .offset_low = u16(handler),
        .selector = KERNEL_CS,
        .ist = ist,
        .type_attr = u8(0x8E | (dpl << 5)), // present, 64-bit interrupt gate (interrupts off)
        .offset_mid = u16(handler >> 16),
        .offset_high = u32(handler >> 32),
        .reserved = 0,
    };
}

// The legacy 8259 PICs: moved off the exception vectors, then masked for good (the local APIC
// does our interrupts). A spurious PIC interrupt then arrives at VECTOR_PIC_BASE + 7 or + 15.
void disable_legacy_pic()
{
    outb(0x20, 0x11);
    outb(0xA0, 0x11);
    outb(0x21, VECTOR_PIC_BASE);
    outb(0xA1, VECTOR_PIC_BASE + 8);
    outb(0x21, 0x04);
    outb(0xA1, 0x02);
    outb(0x21, 0x01);
    outb(0xA1, 0x01);
    outb(0x21, 0xff);
    outb(0xA1, 0xff);
}

[[noreturn]] void exception_panic(TrapFrame& f)
{
    panic_start();
    const char* name = f.vector < 32 ? exception_names[f.vector] : "unexpected interrupt";
    printk("PANIC: %s (vector %lu) in %s mode, error code %#lx\n", name, f.vector, f.from_user() ? "user" : "kernel",
        f.error_code);
    if (f.vector == VECTOR_PAGE_FAULT) {
        printk("  CR2 %#018lx: %s, %s access, %s\n", read_cr2(),
            (f.error_code & 1) ? "protection violation" : "page not present",
            (f.error_code & 16)      ? "instruction"
                : (f.error_code & 2) ? "write"
                                     : "read",
            (f.error_code & 4) ? "user" : "kernel");
    } else {
        printk("  CR2 %#018lx\n", read_cr2());
    }
    printk("  RIP %04lx:%016lx ", f.cs, f.rip);
    panic_print_symbol(f.rip);
    printk("\n  RSP %04lx:%016lx  RFLAGS %016lx\n", f.ss, f.rsp, f.rflags);
    printk("  RAX %016lx  RBX %016lx  RCX %016lx\n", f.rax, f.rbx, f.rcx);
    printk("  RDX %016lx  RSI %016lx  RDI %016lx\n", f.rdx, f.rsi, f.rdi);
    printk("  RBP %016lx  R8  %016lx  R9  %016lx\n", f.rbp, f.r8, f.r9);
    printk("  R10 %016lx  R11 %016lx  R12 %016lx\n", f.r10, f.r11, f.r12);
    printk("  R13 %016lx  R14 %016lx  R15 %016lx\n", f.r13, f.r14, f.r15);
    printk("  CR3 %016lx  CR4 %016lx\n", read_cr3(), read_cr4());
    // The faulting function first, then its callers through the saved frame pointers.
    panic_finish(f.rip, f.rbp);
}

} // namespace

void set_irq_handler(u8 vector, IrqHandler handler) { irq_handlers[vector] = handler; }

void idt_init()
{
    disable_legacy_pic();
    for (int v = 0; v < 256; ++v)
        set_gate(u8(v), 0, 0);
    set_gate(8, IST_DOUBLE_FAULT, 0);
    set_gate(2, IST_NMI, 0);
    set_gate(18, IST_MACHINE_CHECK, 0);
    // int3 is the one gate user code may call directly (debuggers' breakpoints): SIGTRAP, not the
    // #GP a privileged gate would give.
    set_gate(3, 0, 3);
    struct [[gnu::packed]] {
        u16 limit;
        u64 base;
    } idtr { sizeof(idt) - 1, reinterpret_cast<u64>(idt) };
    asm volatile("lidt %0" : : "m"(idtr));
}

namespace {

// A page fault: user memory is filled on demand by the address space; a kernel fault on user
// memory is legal only inside the user-copy routines (uaccess.S), which then return EFAULT.
void page_fault(TrapFrame& f)
{
    uptr address = read_cr2();
    u32 access = FaultRead;
    if (f.error_code & 2)
        access |= FaultWrite;
    if (f.error_code & 16)
        access |= FaultExec;
    if (f.error_code & 4)
        access |= FaultUser;
    if (f.error_code & 1)
        access |= FaultPresent;
    uptr fixup = f.from_user() ? 0 : exception_fixup(f.rip);
    if (address < USER_SPACE_END && (f.from_user() || fixup)) {
        // A copy under pagefault_disable() (a spinlock held, interrupts off) fails at once: the
        // fault would need the address space's lock and maybe a page allocation.
        if (fixup && pagefault_disabled()) {
            f.rip = fixup;
            return;
        }
        // Interrupts back on: filling a page may allocate, and takes its time.
        arch::irq_enable();
        FaultResult result = handle_page_fault(address, access);
        arch::irq_disable();
        if (result == FaultResult::Handled)
            return;
        if (fixup) {
            f.rip = fixup;
            return;
        }
        // The signal is delivered on the way out (a handler may run, or the process dies).
        if (result == FaultResult::Bus)
            force_sig_fault(SIGBUS, linux_abi::BUS_ADRERR, address);
        else
            force_sig_fault(SIGSEGV, (f.error_code & 1) ? linux_abi::SEGV_ACCERR : linux_abi::SEGV_MAPERR, address);
        return;
    }
    if (f.from_user()) {
        // A user access to the kernel half: a protection fault on a mapped page, as Linux reports.
        force_sig_fault(SIGSEGV, (f.error_code & 1) ? linux_abi::SEGV_ACCERR : linux_abi::SEGV_MAPERR, address);
        return;
    }
    exception_panic(f);
}

// The signal Linux sends for a CPU exception in user mode (arch/x86/kernel/traps.c), queued for
// delivery on the way out, with its si_code and address.
void signal_for_exception(const TrapFrame& f)
{
    using namespace linux_abi;
    switch (f.vector) {
    case 0: // divide error
        force_sig_fault(SIGFPE, FPE_INTDIV, f.rip);
        return;
    case 16: // x87 floating-point error
    case 19: // SIMD floating-point error
        force_sig_fault(SIGFPE, 0, f.rip); // FIXME: the code from the FPU status (FPE_FLTDIV...)
        return;
    case 1: // debug
    case 3: // breakpoint: int3 is SI_KERNEL (do_int3 -> do_trap -> force_sig)
        force_sig_fault(SIGTRAP, SI_KERNEL, 0);
        return;
    case 6: // invalid opcode
        force_sig_fault(SIGILL, ILL_ILLOPN, f.rip);
        return;
    case 17: // alignment check
        force_sig_fault(SIGBUS, SI_KERNEL, 0);
        return;
    default: // #GP and the rest: SI_KERNEL, no address
        force_sig_fault(SIGSEGV, SI_KERNEL, 0);
        return;
    }
}

} // namespace

} // namespace x86

extern "C" void trap_dispatch(x86::TrapFrame* frame)
{
    using namespace x86;
    u64 vector = frame->vector;
    if (IrqHandler handler = irq_handlers[vector]) {
        if (vector >= 32)
            kstat_incr_irqs();
        handler(*frame);
        // Leaving an interrupt is where a preempted thread gives up the CPU.
        if (vector >= 32 && (frame->rflags & (1u << 9)))
            sched::preempt_on_irq_exit();
        // Back to user mode: signals sent meanwhile (to a task that never makes a system call)
        // are delivered here.
        if (frame->from_user())
            return_to_user_work();
        return;
    }
    if (vector == VECTOR_SPURIOUS || (vector >= VECTOR_PIC_BASE && vector < VECTOR_PIC_BASE + 16))
        return; // spurious: nothing to acknowledge
    if (vector == VECTOR_PAGE_FAULT)
        page_fault(*frame);
    else if (frame->from_user() && vector < 32 && vector != 2 && vector != 8 && vector != 18)
        signal_for_exception(*frame);
    else
        exception_panic(*frame);
    if (frame->from_user())
        return_to_user_work();
}
