#include <lib/ksyms.h>

// Laid out by tools/gen-ksyms.sh: a count, {address, name offset} pairs sorted by address, then
// the names. Empty in the first of the kernel's two links.
extern "C" const u64 __ksyms_start[];
extern "C" const u64 __ksyms_end[];
extern "C" const char __text_start[];
extern "C" const char __text_end[];

KernelSymbol ksym_lookup(uptr address)
{
    if (uptr(__ksyms_end) == uptr(__ksyms_start))
        return {};
    if (address < uptr(__text_start) || address >= uptr(__text_end))
        return {};
    u64 count = __ksyms_start[0];
    const u64* entries = __ksyms_start + 1;
    const char* names = reinterpret_cast<const char*>(entries + 2 * count);
    // The last entry whose address is <= address.
    usize lo = 0, hi = count;
    while (lo < hi) {
        usize mid = (lo + hi) / 2;
        if (entries[2 * mid] <= address)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return {};
    return { names + entries[2 * (lo - 1) + 1], uptr(entries[2 * (lo - 1)]) };
}
