// tmpfs regular files (data in page-cache pages) and symbolic links.

#include <abi/linux/stat.h>
#include <fs/tmpfs.h>
#include <lib/format.h>
#include <lib/string.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

using namespace linux_abi;

namespace {
constexpr u64 max_file_size = PageCache::max_pages * PAGE_SIZE;
} // namespace

TmpfsFile::TmpfsFile(SuperBlock& sb, u32 mode, InodeOwner owner)
    : Inode(sb, mode, owner)
{
}

TmpfsFile::~TmpfsFile()
{
    tmpfs_sb(*this).pages().uncharge(m_pages.nr_pages());
    tmpfs_sb(*this).inodes().uncharge(1);
}

Result<PageFrame*> TmpfsFile::find_or_create_charged(u64 index)
{
    if (PageFrame* page = m_pages.find(index))
        return page;
    // shmem_inode_acct_blocks(): a full tmpfs refuses new pages with ENOSPC.
    if (!tmpfs_sb(*this).pages().try_charge())
        return Errno::ENOSPC;
    auto page = m_pages.find_or_create(index);
    if (page.is_error())
        tmpfs_sb(*this).pages().uncharge(1);
    return page;
}

Result<usize> TmpfsFile::read(u64 offset, UserOrKernelBuffer buffer, usize size)
{
    MutexGuard guard(m_lock);
    u64 file_size = this->size();
    if (offset >= file_size || size == 0)
        return 0;
    size = usize(lib::min(u64(size), file_size - offset));
    usize done = 0;
    while (done < size) {
        u64 position = offset + done;
        usize in_page = usize(position % PAGE_SIZE);
        usize chunk = lib::min(size - done, PAGE_SIZE - in_page);
        PageFrame* page = m_pages.find(position / PAGE_SIZE);
        // A hole (never written, or cut by truncate and regrown) reads as zeros.
        auto copied = page ? buffer.write(static_cast<u8*>(page_address(page)) + in_page, done, chunk)
                           : buffer.zero(done, chunk);
        if (copied.is_error()) {
            if (done)
                break;
            return copied.error();
        }
        done += chunk;
    }
    return done;
}

Result<usize> TmpfsFile::write_locked(u64 offset, UserOrKernelBuffer buffer, usize size)
{
    if (size == 0)
        return 0;
    if (offset >= max_file_size)
        return Errno::EFBIG;
    size = usize(lib::min(u64(size), max_file_size - offset));
    usize done = 0;
    while (done < size) {
        u64 position = offset + done;
        usize in_page = usize(position % PAGE_SIZE);
        usize chunk = lib::min(size - done, PAGE_SIZE - in_page);
        auto page = find_or_create_charged(position / PAGE_SIZE);
        if (page.is_error()) {
            if (done)
                break;
            return page.error();
        }
        auto copied = buffer.read(static_cast<u8*>(page_address(page.value())) + in_page, done, chunk);
        if (copied.is_error()) {
            if (done)
                break;
            return copied.error();
        }
        done += chunk;
    }
    if (offset + done > this->size())
        set_size(offset + done);
    touch_mtime_ctime();
    return done;
}

Result<usize> TmpfsFile::write(u64 offset, UserOrKernelBuffer buffer, usize size)
{
    MutexGuard guard(m_lock);
    return write_locked(offset, buffer, size);
}

Result<usize> TmpfsFile::append(UserOrKernelBuffer buffer, usize size, u64& end_offset)
{
    MutexGuard guard(m_lock);
    u64 offset = this->size();
    usize written = TRY(write_locked(offset, buffer, size));
    end_offset = offset + written;
    return written;
}

Result<void> TmpfsFile::truncate(u64 new_size)
{
    MutexGuard guard(m_lock);
    if (new_size > max_file_size)
        return Errno::EFBIG;
    u64 old_size = size();
    if (new_size < old_size) {
        u64 pages_before = m_pages.nr_pages();
        m_pages.truncate_from((new_size + PAGE_SIZE - 1) / PAGE_SIZE);
        tmpfs_sb(*this).pages().uncharge(pages_before - m_pages.nr_pages());
        // The rest of the last page must read as zeros if the file grows again (and a shared
        // mapping of it sees them too).
        usize in_page = usize(new_size % PAGE_SIZE);
        if (in_page) {
            if (PageFrame* page = m_pages.find(new_size / PAGE_SIZE))
                memset(static_cast<u8*>(page_address(page)) + in_page, 0, PAGE_SIZE - in_page);
        }
    }
    // FIXME: pages mapped MAP_SHARED beyond the new end stay mapped (Linux unmaps them and a
    // later access gets SIGBUS); the mapping keeps its own reference, so nothing is freed early.
    set_size(new_size);
    touch_mtime_ctime();
    return {};
}

Result<PageFrame*> TmpfsFile::get_page(u64 index)
{
    MutexGuard guard(m_lock);
    PageFrame* page = TRY(find_or_create_charged(index));
    ::get_page(page);
    return page;
}

TmpfsSymlink::TmpfsSymlink(SuperBlock& sb, InodeOwner owner, char* target, usize length)
    : Inode(sb, S_IFLNK | 0777, owner)
    , m_target(target)
{
    set_size(length);
}

TmpfsFifo::~TmpfsFifo() { tmpfs_sb(*this).inodes().uncharge(1); }

TmpfsSymlink::~TmpfsSymlink()
{
    kfree(m_target);
    tmpfs_sb(*this).inodes().uncharge(1);
}

Result<usize> TmpfsSymlink::readlink(char* buffer, usize size)
{
    usize length = lib::min(usize(this->size()), size);
    memcpy(buffer, m_target, length);
    return length;
}
