// Memory system calls: decode, then the address space does the work (mm/address_space.cpp).

#include <mm/address_space.h>
#include <mm/mmap_file.h>
#include <proc/process.h>
#include <sched/sched.h>
#include <syscall/syscall.h>

static AddressSpace& mm() { return *current()->mm; }

static Result<i64> sys_brk(uptr requested) { return i64(mm().brk(requested)); }
SYSCALL_DEFINE(brk)

static Result<i64> sys_mmap(uptr addr, usize length, u32 prot, u32 flags, int fd, u64 offset)
{
    if (flags & mman::MAP_ANONYMOUS)
        return i64(TRY(mm().mmap(addr, length, prot, flags, nullptr, offset)));
    auto source = TRY(inode_for_mmap(fd, prot, flags));
    return i64(TRY(mm().mmap(addr, length, prot, flags, source.inode, offset, source.may_prot, source.name)));
}
SYSCALL_DEFINE(mmap)

static Result<i64> sys_munmap(uptr addr, usize length)
{
    TRY(mm().munmap(addr, length));
    return 0;
}
SYSCALL_DEFINE(munmap)

static Result<i64> sys_mprotect(uptr addr, usize length, u32 prot)
{
    TRY(mm().mprotect(addr, length, prot));
    return 0;
}
SYSCALL_DEFINE(mprotect)

static Result<i64> sys_madvise(uptr addr, usize length, int advice)
{
    TRY(mm().madvise(addr, length, advice));
    return 0;
}
SYSCALL_DEFINE(madvise)

static Result<i64> sys_msync(uptr addr, usize length, int flags)
{
    TRY(mm().msync(addr, length, flags));
    return 0;
}
SYSCALL_DEFINE(msync)
