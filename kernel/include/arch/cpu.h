#pragma once
// What generic code may ask of the CPU. Implemented once per architecture under kernel/arch/.

#include <lib/types.h>

namespace arch {

// Interrupt state. IrqFlags is opaque to generic code: it only hands it back to irq_restore().
using IrqFlags = u64;
IrqFlags irq_save(); // disable interrupts, return the previous state
void irq_restore(IrqFlags flags); // put back what irq_save() returned
void irq_enable();
void irq_disable();
bool irqs_enabled();

void cpu_relax(); // inside spin loops
void wait_for_interrupt(); // idle: sleep until the next interrupt (enables interrupts)
[[noreturn]] void halt_forever(); // interrupts off, never returns

u64 read_cycle_counter(); // the TSC on x86_64: monotonic, calibrated by the clock code

// Stop the machine. Under QEMU the runner sees `status` (see tools/qemu.sh).
[[noreturn]] void power_off(int status);

// Early console: a byte sink that works from the first instruction, without locks or memory.
// It is the kernel log: "\n" goes out as "\r\n".
void early_console_write(const char* s, usize n);
// The serial ports (index 0 = COM1, 1 = COM2, 2 = COM3 on x86_64): raw byte output, no
// translation (the tty's OPOST does that), and a received byte, if any (polled: no interrupt).
bool serial_port_present(unsigned index);
void serial_port_write(unsigned index, const char* s, usize n);
bool serial_port_read(unsigned index, char& c);

// Walk the current call stack (frame pointers), handing each return address to `visit`,
// starting at the caller of this function, or at `frame` when given.
void walk_stack(void (*visit)(uptr return_address, void* ctx), void* ctx, uptr frame = 0);

} // namespace arch
