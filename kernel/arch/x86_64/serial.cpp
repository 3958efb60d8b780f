// The 16550 UARTs. COM1 is Sprout's kernel log: polled output needs no interrupts and no memory
// allocation, so it works from the first line of boot to the last line of a panic. COM2 and COM3,
// when QEMU has them, carry a command's stdout and stderr for the runner (docs/runner.md), raw.

#include <arch/cpu.h>
#include <arch/x86_64/io.h>

namespace {

constexpr u16 com1 = 0x3f8;
constexpr u16 ports[] = { 0x3f8, 0x2f8, 0x3e8 }; // COM1, COM2, COM3
bool initialized = false;

void uart_init(u16 base)
{
    x86::outb(base + 1, 0x00); // no interrupts
    x86::outb(base + 3, 0x80); // DLAB on: set the divisor
    x86::outb(base + 0, 0x01); // 115200 baud
    x86::outb(base + 1, 0x00);
    x86::outb(base + 3, 0x03); // 8 bits, no parity, one stop bit
    x86::outb(base + 2, 0xC7); // FIFO on, cleared, 14-byte threshold
    x86::outb(base + 4, 0x03); // DTR and RTS
}

void serial_init()
{
    uart_init(com1);
    initialized = true;
}

void uart_putc(u16 base, char c)
{
    while ((x86::inb(base + 5) & 0x20) == 0) // transmit holding register empty
        arch::cpu_relax();
    x86::outb(base, u8(c));
}

void serial_putc(char c) { uart_putc(com1, c); }

// A UART answers through its scratch register; an absent one reads back 0xff.
bool uart_present(u16 base)
{
    x86::outb(base + 7, 0x5a);
    if (x86::inb(base + 7) != 0x5a)
        return false;
    x86::outb(base + 7, 0xa5);
    return x86::inb(base + 7) == 0xa5;
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

bool serial_port_present(unsigned index)
{
    return index < sizeof(ports) / sizeof(ports[0]) && uart_present(ports[index]);
}

void serial_port_write(unsigned index, const char* s, usize n)
{
    static bool ready[sizeof(ports) / sizeof(ports[0])];
    if (index >= sizeof(ports) / sizeof(ports[0]))
        return;
    if (index == 0 && !initialized) {
        serial_init();
    } else if (index != 0 && !ready[index]) {
        uart_init(ports[index]);
        ready[index] = true;
    }
    for (usize i = 0; i < n; ++i)
        uart_putc(ports[index], s[i]); // raw: the bytes as the program wrote them
}

bool serial_port_read(unsigned index, char& c)
{
    if (index >= sizeof(ports) / sizeof(ports[0]))
        return false;
    if (index == 0 && !initialized)
        serial_init();
    if ((x86::inb(ports[index] + 5) & 0x01) == 0) // data ready
        return false;
    c = char(x86::inb(ports[index]));
    return true;
}

} // namespace arch
