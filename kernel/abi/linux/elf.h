#pragma once
// The ELF64 structures exec reads (include/uapi/linux/elf.h).

#include <lib/types.h>

namespace elf {

struct Elf64_Ehdr {
    u8 e_ident[16];
    u16 e_type;
    u16 e_machine;
    u32 e_version;
    u64 e_entry;
    u64 e_phoff;
    u64 e_shoff;
    u32 e_flags;
    u16 e_ehsize;
    u16 e_phentsize;
    u16 e_phnum;
    u16 e_shentsize;
    u16 e_shnum;
    u16 e_shstrndx;
};
static_assert(sizeof(Elf64_Ehdr) == 64);

struct Elf64_Phdr {
    u32 p_type;
    u32 p_flags;
    u64 p_offset;
    u64 p_vaddr;
    u64 p_paddr;
    u64 p_filesz;
    u64 p_memsz;
    u64 p_align;
};
static_assert(sizeof(Elf64_Phdr) == 56);

inline constexpr u16 ET_EXEC = 2;
inline constexpr u16 ET_DYN = 3;
inline constexpr u16 EM_X86_64 = 62;
inline constexpr u8 ELFCLASS64 = 2;
inline constexpr u8 ELFDATA2LSB = 1;
inline constexpr u32 PT_LOAD = 1;
inline constexpr u32 PT_INTERP = 3;
inline constexpr u32 PT_PHDR = 6;
inline constexpr u32 PT_GNU_STACK = 0x6474e551;
inline constexpr u32 PF_X = 1;
inline constexpr u32 PF_W = 2;
inline constexpr u32 PF_R = 4;

// Auxiliary vector keys (include/uapi/linux/auxvec.h).
inline constexpr u64 AT_NULL = 0;
inline constexpr u64 AT_PHDR = 3;
inline constexpr u64 AT_PHENT = 4;
inline constexpr u64 AT_PHNUM = 5;
inline constexpr u64 AT_PAGESZ = 6;
inline constexpr u64 AT_BASE = 7;
inline constexpr u64 AT_FLAGS = 8;
inline constexpr u64 AT_ENTRY = 9;
inline constexpr u64 AT_UID = 11;
inline constexpr u64 AT_EUID = 12;
inline constexpr u64 AT_GID = 13;
inline constexpr u64 AT_EGID = 14;
inline constexpr u64 AT_PLATFORM = 15;
inline constexpr u64 AT_HWCAP = 16;
inline constexpr u64 AT_CLKTCK = 17;
inline constexpr u64 AT_SECURE = 23;
inline constexpr u64 AT_RANDOM = 25;
inline constexpr u64 AT_HWCAP2 = 26;
inline constexpr u64 AT_EXECFN = 31;
inline constexpr u64 AT_MINSIGSTKSZ = 51;

} // namespace elf
