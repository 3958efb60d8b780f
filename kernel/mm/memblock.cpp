#include <lib/types.h>
#include <mm/memblock.h>
#include <mm/memory.h>

namespace {

constexpr usize max_ranges = BootInfo::max_ranges * 2 + BootInfo::max_modules * 2;
MemoryRange ranges[max_ranges];
usize range_count;
u64 total_ram;
bool released;

// Remove [start, end) from the free ranges, splitting one when the hole is in its middle.
void subtract(u64 start, u64 end)
{
    for (usize i = 0; i < range_count; ++i) {
        MemoryRange r = ranges[i];
        if (end <= r.start || start >= r.end)
            continue;
        if (start > r.start && end < r.end && range_count < max_ranges) {
            ranges[i].end = start;
            ranges[range_count++] = { end, r.end };
            continue;
        }
        if (start <= r.start)
            ranges[i].start = lib::min(end, r.end);
        if (end >= r.end)
            ranges[i].end = lib::max(start, r.start);
    }
}

} // namespace

void memblock_init(const BootInfo& info)
{
    for (usize i = 0; i < info.usable_count; ++i) {
        u64 start = lib::align_up(info.usable[i].start, PAGE_SIZE);
        u64 end = lib::align_down(info.usable[i].end, PAGE_SIZE);
        if (start >= end)
            continue;
        total_ram += end - start;
        ranges[range_count++] = { start, end };
    }
    for (usize i = 0; i < info.reserved_count; ++i)
        subtract(lib::align_down(info.reserved[i].start, PAGE_SIZE), lib::align_up(info.reserved[i].end, PAGE_SIZE));
}

u64 memblock_total_ram() { return total_ram; }

Result<u64> memblock_alloc(u64 size, u64 align, u64 limit)
{
    if (released)
        return Errno::ENOMEM;
    size = lib::align_up(size, PAGE_SIZE);
    // From the top of the highest range that fits, keeping low memory for whoever needs it.
    usize best = max_ranges;
    u64 best_addr = 0;
    for (usize i = 0; i < range_count; ++i) {
        u64 top = lib::min(ranges[i].end, limit);
        if (top < ranges[i].start + size)
            continue;
        u64 addr = lib::align_down(top - size, align);
        if (addr < ranges[i].start)
            continue;
        if (best == max_ranges || addr > best_addr) {
            best = i;
            best_addr = addr;
        }
    }
    if (best == max_ranges)
        return Errno::ENOMEM;
    subtract(best_addr, best_addr + size);
    return best_addr;
}

void memblock_release(void (*visit)(u64 start, u64 end))
{
    for (usize i = 0; i < range_count; ++i) {
        if (ranges[i].start < ranges[i].end)
            visit(ranges[i].start, ranges[i].end);
    }
    range_count = 0;
    released = true;
}
