// From boot.S to start_kernel(): descriptor tables, then the Multiboot information translated
// into the generic BootInfo (kernel/include/arch/boot.h).

#include <arch/boot.h>
#include <arch/cpu.h>
#include <arch/x86_64/gdt.h>
#include <arch/x86_64/trap.h>
#include <arch/x86_64/user.h>
#include <lib/panic.h>
#include <lib/string.h>
#include <mm/memory.h>

namespace {

constexpr u32 MULTIBOOT_BOOTLOADER_MAGIC = 0x2BADB002;
constexpr u32 MB_INFO_CMDLINE = 1u << 2;
constexpr u32 MB_INFO_MODS = 1u << 3;
constexpr u32 MB_INFO_MEM_MAP = 1u << 6;
constexpr u32 MB_MEMORY_AVAILABLE = 1;

struct [[gnu::packed]] MultibootInfo {
    u32 flags;
    u32 mem_lower, mem_upper;
    u32 boot_device;
    u32 cmdline;
    u32 mods_count, mods_addr;
    u32 syms[4];
    u32 mmap_length, mmap_addr;
};

struct [[gnu::packed]] MultibootMmapEntry {
    u32 size; // of the rest of this entry
    u64 addr;
    u64 len;
    u32 type;
};

struct [[gnu::packed]] MultibootModule {
    u32 mod_start, mod_end;
    u32 string;
    u32 reserved;
};

constinit BootInfo boot_info; // filled before global constructors run: must need none
// The boot loader's strings live in memory the kernel will reuse: keep copies.
char cmdline_copy[4096]; // the runner may pass up to 4000 bytes (docs/runner.md)
char module_cmdline_copy[BootInfo::max_modules][256];

extern "C" char __load_start_phys[];
extern "C" char __bss_end_phys[];

// Below 1 GiB, boot.S maps physical memory at KERNEL_VMA; Multiboot data always lies there.
template<typename T>
T* early_phys(u64 phys)
{
    return reinterpret_cast<T*>(phys + KERNEL_VMA);
}

void copy_string(char* dst, usize size, const char* src)
{
    usize n = strnlen(src, size - 1);
    memcpy(dst, src, n);
    dst[n] = 0;
}

void add_reserved(u64 start, u64 end)
{
    if (boot_info.reserved_count < sizeof(boot_info.reserved) / sizeof(boot_info.reserved[0]))
        boot_info.reserved[boot_info.reserved_count++] = { start, end };
}

void parse_multiboot(u32 magic, u32 info_phys)
{
    if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
        panic("not booted by a Multiboot loader (magic %#x)", magic);
    auto* mbi = early_phys<MultibootInfo>(info_phys);

    if (mbi->flags & MB_INFO_CMDLINE) {
        copy_string(cmdline_copy, sizeof(cmdline_copy), early_phys<char>(mbi->cmdline));
        boot_info.cmdline = cmdline_copy;
    }
    if (!(mbi->flags & MB_INFO_MEM_MAP))
        panic("the boot loader gave no memory map");
    for (u64 p = mbi->mmap_addr; p < u64(mbi->mmap_addr) + mbi->mmap_length;) {
        auto* e = early_phys<MultibootMmapEntry>(p);
        if (e->type == MB_MEMORY_AVAILABLE && boot_info.usable_count < BootInfo::max_ranges)
            boot_info.usable[boot_info.usable_count++] = { e->addr, e->addr + e->len };
        p += e->size + sizeof(e->size);
    }

    // Taken: the first megabyte (BIOS data, and where real-mode code would live), the kernel
    // image with its bss, and every module.
    add_reserved(0, 0x100000);
    add_reserved(u64(__load_start_phys), u64(__bss_end_phys));
    if (mbi->flags & MB_INFO_MODS) {
        auto* mods = early_phys<MultibootModule>(mbi->mods_addr);
        for (u32 i = 0; i < mbi->mods_count && i < BootInfo::max_modules; ++i) {
            copy_string(module_cmdline_copy[i], sizeof(module_cmdline_copy[i]), early_phys<char>(mods[i].string));
            boot_info.modules[boot_info.module_count++]
                = { mods[i].mod_start, mods[i].mod_end, module_cmdline_copy[i] };
            add_reserved(mods[i].mod_start, mods[i].mod_end);
        }
    }
}

} // namespace

extern "C" [[noreturn]] void kernel_main(u32 magic, u32 info_phys)
{
    arch::early_console_write("\n", 1); // the firmware leaves its last line unterminated
    x86::gdt_init();
    x86::idt_init();
    x86::user_mode_init();
    parse_multiboot(magic, info_phys);
    start_kernel(boot_info);
}
