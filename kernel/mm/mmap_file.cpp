// The descriptor side of mmap() (Linux's do_mmap() checks against the open file).

#include <abi/linux/stat.h>
#include <fs/file_table.h>
#include <mm/address_space.h>
#include <mm/mmap_file.h>
#include <proc/process.h>
#include <sched/sched.h>

using namespace mman;

Result<MmapSource> inode_for_mmap(int fd, u32 prot, u32 flags)
{
    constexpr u32 all = PROT_READ | PROT_WRITE | PROT_EXEC;
    Task& task = *current();
    if (!task.files)
        return Errno::EBADF;
    auto file = TRY(task.files->get(fd));
    if (file->is_path())
        return Errno::EBADF;
    Inode& inode = file->inode();
    // /dev/zero maps as anonymous memory (shared anonymous for MAP_SHARED), as on Linux.
    if (!inode.is_regular() && inode.rdev() == linux_abi::encode_dev(1, 5))
        return MmapSource { {}, all, {} };
    if (!inode.is_regular())
        return Errno::ENODEV;
    if (!file->is_readable())
        return Errno::EACCES;
    u32 may_prot = all;
    if ((flags & 0x3) != MAP_PRIVATE) {
        if ((prot & PROT_WRITE) && !file->is_writable())
            return Errno::EACCES;
        // NOTE: O_APPEND does not matter (Linux refuses only inodes marked append-only, an
        // attribute Sprout's files do not have).
        // Linux's do_mmap() drops VM_MAYWRITE here: mprotect() may not make it writable later.
        if (!file->is_writable())
            may_prot &= ~PROT_WRITE;
    }
    return MmapSource { RefPtr<Inode>(file->inode_ref()), may_prot, file->name() };
}
