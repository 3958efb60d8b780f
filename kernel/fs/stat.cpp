#include <fs/stat.h>
#include <fs/super.h>
#include <lib/string.h>

using namespace linux_abi;

namespace {
// st_blocks counts 512-byte units of memory charged to the file.
u64 blocks_of(Inode& inode) { return inode.allocated_pages() * (4096 / 512); }
} // namespace

void fill_stat(Inode& inode, linux_abi::stat& out)
{
    memset(&out, 0, sizeof(out));
    out.st_dev = inode.sb().dev();
    out.st_ino = inode.ino();
    out.st_nlink = inode.nlink();
    out.st_mode = inode.mode();
    out.st_uid = inode.uid();
    out.st_gid = inode.gid();
    out.st_rdev = inode.rdev();
    out.st_size = i64(inode.size());
    out.st_blksize = 4096;
    out.st_blocks = i64(blocks_of(inode));
    Timespec a = inode.atime(), m = inode.mtime(), c = inode.ctime();
    out.st_atime = u64(a.sec);
    out.st_atime_nsec = u64(a.nsec);
    out.st_mtime = u64(m.sec);
    out.st_mtime_nsec = u64(m.nsec);
    out.st_ctime = u64(c.sec);
    out.st_ctime_nsec = u64(c.nsec);
}

void fill_statx(Inode& inode, linux_abi::statx& out)
{
    memset(&out, 0, sizeof(out));
    // Everything basic is always known here, whatever was asked (Linux may return more than the
    // mask requested).
    out.stx_mask = STATX_BASIC_STATS;
    out.stx_blksize = 4096;
    out.stx_nlink = inode.nlink();
    out.stx_uid = inode.uid();
    out.stx_gid = inode.gid();
    out.stx_mode = u16(inode.mode());
    out.stx_ino = inode.ino();
    out.stx_size = inode.size();
    out.stx_blocks = blocks_of(inode);
    Timespec a = inode.atime(), m = inode.mtime(), c = inode.ctime();
    out.stx_atime = { a.sec, u32(a.nsec), 0 };
    out.stx_mtime = { m.sec, u32(m.nsec), 0 };
    out.stx_ctime = { c.sec, u32(c.nsec), 0 };
    out.stx_rdev_major = dev_major(inode.rdev());
    out.stx_rdev_minor = dev_minor(inode.rdev());
    out.stx_dev_major = dev_major(inode.sb().dev());
    out.stx_dev_minor = dev_minor(inode.sb().dev());
}
