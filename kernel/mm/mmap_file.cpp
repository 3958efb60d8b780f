// The descriptor side of mmap() (Linux's do_mmap() checks against the open file).

#include <abi/linux/fcntl.h>
#include <abi/linux/stat.h>
#include <fs/file_table.h>
#include <mm/address_space.h>
#include <mm/mmap_file.h>
#include <proc/process.h>
#include <sched/sched.h>

using namespace mman;

Result<RefPtr<Inode>> inode_for_mmap(int fd, u32 prot, u32 flags)
{
    Task& task = *current();
    if (!task.files)
        return Errno::EBADF;
    auto file = TRY(task.files->get(fd));
    if (file->is_path())
        return Errno::EBADF;
    Inode& inode = file->inode();
    // /dev/zero maps as anonymous memory (shared anonymous for MAP_SHARED), as on Linux.
    if (!inode.is_regular() && inode.rdev() == linux_abi::encode_dev(1, 5))
        return RefPtr<Inode> {};
    if (!inode.is_regular())
        return Errno::ENODEV;
    if (!file->is_readable())
        return Errno::EACCES;
    if ((flags & 0x3) != MAP_PRIVATE && (prot & PROT_WRITE)) {
        if (!file->is_writable())
            return Errno::EACCES;
        if (file->flags() & linux_abi::O_APPEND)
            return Errno::EACCES; // a shared writable mapping could write before the end
    }
    return RefPtr<Inode>(file->inode_ref());
}
