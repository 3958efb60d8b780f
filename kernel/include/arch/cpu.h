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
void early_console_write(const char* s, usize n);
// The other serial ports (index 1 = COM2, 2 = COM3 on x86_64): raw byte output, no translation.
bool serial_port_present(unsigned index);
void serial_port_write(unsigned index, const char* s, usize n);
// A byte the console has received, if any (polled: no interrupt needed).
bool early_console_read(char& c);

// Walk the current call stack (frame pointers), handing each return address to `visit`,
// starting at the caller of this function, or at `frame` when given.
void walk_stack(void (*visit)(uptr return_address, void* ctx), void* ctx, uptr frame = 0);

} // namespace arch
