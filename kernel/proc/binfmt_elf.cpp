// Static ELF64 executables (ET_EXEC) and static PIE (ET_DYN without PT_INTERP), as Linux's
// fs/binfmt_elf.c loads them: each PT_LOAD segment is a private mapping of the file, the part of
// its last page past p_filesz is zeroed, and the rest of p_memsz (the bss) is anonymous memory.

#include <abi/linux/elf.h>
#include <lib/string.h>
#include <mm/memory.h>
#include <mm/slab.h>
#include <proc/binprm.h>

using namespace elf;
using namespace mman;

namespace {

// Where a PIE goes (Linux's ELF_ET_DYN_BASE without randomization: 2/3 of the user half).
constexpr uptr ELF_ET_DYN_BASE = 0x555555554000ull;
constexpr usize MAX_PHDRS_SIZE = 65536; // Linux refuses program headers larger than this

u32 segment_prot(u32 p_flags)
{
    return ((p_flags & PF_R) ? PROT_READ : 0) | ((p_flags & PF_W) ? PROT_WRITE : 0)
        | ((p_flags & PF_X) ? PROT_EXEC : 0);
}

Result<void> read_exact(Inode& file, u64 offset, void* buffer, usize size)
{
    usize got = TRY(file.read(offset, UserOrKernelBuffer::for_kernel(buffer), size));
    if (got != size)
        return Errno::EIO; // a truncated file: Linux gives EIO for a short read of headers too
    return {};
}

Result<void> map_segment(LinuxBinprm& bprm, AddressSpace& mm, const Elf64_Phdr& ph, uptr bias)
{
    uptr vaddr = ph.p_vaddr + bias;
    if (ph.p_memsz < ph.p_filesz || (ph.p_vaddr & (PAGE_SIZE - 1)) != (ph.p_offset & (PAGE_SIZE - 1)))
        return Errno::EINVAL;
    if (!is_user_range(vaddr, ph.p_memsz))
        return Errno::EINVAL;
    u32 prot = segment_prot(ph.p_flags);
    uptr start = vaddr & ~(PAGE_SIZE - 1);
    uptr file_end = lib::align_up(vaddr + ph.p_filesz, PAGE_SIZE);
    uptr mem_end = lib::align_up(vaddr + ph.p_memsz, PAGE_SIZE);
    if (ph.p_filesz) {
        RefPtr<Inode> file = bprm.file;
        TRY(mm.mmap(start, file_end - start, prot, MAP_PRIVATE | MAP_FIXED, file, ph.p_offset & ~(PAGE_SIZE - 1),
            PROT_READ | PROT_WRITE | PROT_EXEC, bprm.file_name));
        // The file's bytes after p_filesz on the last page belong to something else: the bss
        // starts there, and must read as zero.
        uptr data_end = vaddr + ph.p_filesz;
        if (ph.p_memsz > ph.p_filesz && (data_end & (PAGE_SIZE - 1)) && (prot & PROT_WRITE))
            TRY(mm.zero_bytes(data_end, file_end - data_end));
    } else {
        file_end = start;
    }
    if (mem_end > file_end)
        TRY(mm.mmap(file_end, mem_end - file_end, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, nullptr, 0));
    bprm.brk = lib::max(bprm.brk, mem_end);
    return {};
}

} // namespace

Result<void> load_elf(LinuxBinprm& bprm)
{
    if (bprm.header_size < sizeof(Elf64_Ehdr))
        return Errno::ENOEXEC;
    Elf64_Ehdr eh;
    memcpy(&eh, bprm.header, sizeof(eh));
    if (memcmp(eh.e_ident,
            "\x7f"
            "ELF",
            4)
        != 0)
        return Errno::ENOEXEC;
    if (eh.e_ident[4] != ELFCLASS64 || eh.e_ident[5] != ELFDATA2LSB || eh.e_machine != EM_X86_64)
        return Errno::ENOEXEC;
    if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
        return Errno::ENOEXEC;
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phnum == 0 || eh.e_phnum * sizeof(Elf64_Phdr) > MAX_PHDRS_SIZE)
        return Errno::ENOEXEC;

    usize phdrs_size = eh.e_phnum * sizeof(Elf64_Phdr);
    auto phdrs_buffer = TRY(KmallocBuffer<Elf64_Phdr>::create(eh.e_phnum));
    Elf64_Phdr* phdrs = phdrs_buffer.data();
    TRY(read_exact(*bprm.file, eh.e_phoff, phdrs, phdrs_size));

    for (usize i = 0; i < eh.e_phnum; ++i) {
        if (phdrs[i].p_type == PT_INTERP)
            return Errno::ENOEXEC; // FIXME: dynamically linked programs (an ld.so in the initramfs)
    }

    auto mm = TRY(AddressSpace::create());
    uptr bias = eh.e_type == ET_DYN ? ELF_ET_DYN_BASE : 0;
    bprm.brk = 0;
    uptr first_load = ~0ull;
    u64 first_load_offset = 0;
    uptr phdr_vaddr = 0;
    for (usize i = 0; i < eh.e_phnum; ++i) {
        const Elf64_Phdr& ph = phdrs[i];
        if (ph.p_type == PT_PHDR)
            phdr_vaddr = ph.p_vaddr + bias;
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        TRY(map_segment(bprm, *mm, ph, bias));
        // Linux's start_code/end_code: the executable segments' span in the file (VmExe).
        if (ph.p_flags & PF_X) {
            if (!mm->start_code || ph.p_vaddr + bias < mm->start_code)
                mm->start_code = ph.p_vaddr + bias;
            mm->end_code = lib::max(mm->end_code, uptr(ph.p_vaddr + bias + ph.p_filesz));
        }
        if (ph.p_vaddr + bias < first_load) {
            first_load = ph.p_vaddr + bias;
            first_load_offset = ph.p_offset;
        }
    }
    if (first_load == ~0ull)
        return Errno::ENOEXEC; // nothing to load
    // AT_PHDR: from PT_PHDR, else where the headers fall inside the first segment (as Linux).
    bprm.phdr = phdr_vaddr ? phdr_vaddr : first_load + (eh.e_phoff - first_load_offset);
    bprm.phnum = eh.e_phnum;
    bprm.entry = eh.e_entry + bias;
    bprm.mm = mm;
    return {};
}
