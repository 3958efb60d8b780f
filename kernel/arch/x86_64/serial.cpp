// The 16550 UART on COM1: Sprout's console. Polled output needs no interrupts and no memory
// allocation, so it works from the first line of boot to the last line of a panic.

#include <arch/cpu.h>
#include <arch/x86_64/io.h>

namespace {

constexpr u16 com1 = 0x3f8;
bool initialized = false;

void serial_init()
{
    x86::outb(com1 + 1, 0x00); // no interrupts
    x86::outb(com1 + 3, 0x80); // DLAB on: set the divisor
    x86::outb(com1 + 0, 0x01); // 115200 baud
    x86::outb(com1 + 1, 0x00);
    x86::outb(com1 + 3, 0x03); // 8 bits, no parity, one stop bit
    x86::outb(com1 + 2, 0xC7); // FIFO on, cleared, 14-byte threshold
    x86::outb(com1 + 4, 0x03); // DTR and RTS
    initialized = true;
}

void serial_putc(char c)
{
    while ((x86::inb(com1 + 5) & 0x20) == 0) // transmit holding register empty
        arch::cpu_relax();
    x86::outb(com1, u8(c));
}

} // namespace

namespace arch {

void early_console_write(const char* s, usize n)
{
    if (!initialized)
        serial_init();
    for (usize i = 0; i < n; ++i) {
        if (s[i] == '\n')
            serial_putc('\r');
        serial_putc(s[i]);
    }
}

bool early_console_read(char& c)
{
    if (!initialized)
        serial_init();
    if ((x86::inb(com1 + 5) & 0x01) == 0) // data ready
        return false;
    c = char(x86::inb(com1));
    return true;
}

} // namespace arch
