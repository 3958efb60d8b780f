// The CMOS real-time clock (MC146818): the wall-clock time at boot. QEMU sets it to the host's
// UTC time unless told otherwise (-rtc base=...).

#include <arch/timer.h>
#include <arch/x86_64/io.h>

namespace {

u8 cmos_read(u8 reg)
{
    x86::outb(0x70, reg);
    return x86::inb(0x71);
}

bool update_in_progress() { return cmos_read(0x0A) & 0x80; }

u64 bcd(u8 value, bool binary) { return binary ? value : (value & 0x0f) + (value >> 4) * 10; }

// Days from 1970-01-01 to year-month-day (the proleptic Gregorian calendar).
u64 days_from_civil(u64 y, u64 m, u64 d)
{
    y -= m <= 2;
    u64 era = y / 400;
    u64 yoe = y - era * 400;
    u64 doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    u64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

} // namespace

namespace arch {

u64 read_wall_clock()
{
    // Read twice until equal, outside an update, so that no field is torn across a second.
    u8 a[7], b[7];
    auto read_all = [](u8* r) {
        while (update_in_progress()) { }
        const u8 regs[7] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32 };
        for (int i = 0; i < 7; ++i)
            r[i] = cmos_read(regs[i]);
    };
    read_all(a);
    do {
        for (int i = 0; i < 7; ++i)
            b[i] = a[i];
        read_all(a);
    } while (a[0] != b[0] || a[1] != b[1] || a[2] != b[2] || a[3] != b[3] || a[4] != b[4] || a[5] != b[5]);
    u8 status_b = cmos_read(0x0B);
    bool binary = status_b & 0x04;
    bool hours_24 = status_b & 0x02;
    u64 second = bcd(a[0], binary), minute = bcd(a[1], binary);
    u64 hour = bcd(a[2] & 0x7f, binary);
    if (!hours_24 && (a[2] & 0x80))
        hour = (hour % 12) + 12;
    u64 day = bcd(a[3], binary), month = bcd(a[4], binary), year = bcd(a[5], binary);
    u64 century = bcd(a[6], binary);
    year += (century >= 19 && century <= 30) ? century * 100 : 2000;
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

} // namespace arch
