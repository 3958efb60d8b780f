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

TmpfsSuperBlock::TmpfsSuperBlock(u64 max_pages, u32 root_mode, InodeOwner owner)
    : SuperBlock("tmpfs", TMPFS_MAGIC)
    , m_max_pages(max_pages != TMPFS_DEFAULT_SIZE ? max_pages : lib::max(page_stats().total / 2, u64(1)))
    , m_size_given(max_pages != TMPFS_DEFAULT_SIZE)
    , m_root_mode(root_mode)
    , m_owner(owner)
{
}

bool TmpfsSuperBlock::try_charge_page()
{
    u64 used = m_used_pages.load(std::memory_order_relaxed);
    do {
        u64 max_pages = m_max_pages.load(std::memory_order_relaxed);
        if (max_pages && used >= max_pages)
            return false;
    } while (!m_used_pages.compare_exchange_weak(used, used + 1, std::memory_order_relaxed));
    return true;
}

void TmpfsSuperBlock::uncharge_pages(u64 count) { m_used_pages.fetch_sub(count, std::memory_order_relaxed); }

// shmem_statfs(): 4 KiB blocks, the size limit and what is left of it.
void TmpfsSuperBlock::statfs(linux_abi::statfs& out) const
{
    SuperBlock::statfs(out);
    u64 max_pages = m_max_pages.load(std::memory_order_relaxed);
    if (max_pages) {
        u64 used = lib::min(used_pages(), max_pages);
        out.f_blocks = max_pages;
        out.f_bfree = out.f_bavail = max_pages - used;
    }
    // FIXME: tmpfs keeps no inode count, so f_files/f_ffree stay 0 (Linux's nr_inodes limit).
}

// shmem_show_options(): size= unless it is the default, mode= unless 1777, uid=/gid= unless 0,
// inode64.
usize TmpfsSuperBlock::show_options(char* buffer, usize size) const
{
    usize length = 0;
    if (m_size_given)
        length += format_to(buffer + length, size - length, ",size=%lluk", (unsigned long long)(m_max_pages.load(std::memory_order_relaxed) * 4));
    if (m_root_mode != 01777)
        length += format_to(buffer + length, size - length, ",mode=%03o", m_root_mode);
    if (m_owner.uid != 0)
        length += format_to(buffer + length, size - length, ",uid=%u", m_owner.uid);
    if (m_owner.gid != 0)
        length += format_to(buffer + length, size - length, ",gid=%u", m_owner.gid);
    // Inode numbers here are 64-bit (SuperBlock::allocate_ino()): what Linux built with
    // CONFIG_TMPFS_INODE64, as Debian's kernel is, says of every tmpfs.
    if (length < size)
        length += format_to(buffer + length, size - length, ",inode64");
    return lib::min(length, size);
}

Result<void> TmpfsSuperBlock::check_resize(u64 max_pages) const
{
    if (max_pages == 0)
        return {};
    if (m_max_pages.load(std::memory_order_relaxed) == 0) // "Cannot retroactively limit size"
        return Errno::EINVAL;
    if (used_pages() > max_pages) // "Too small size for current use"
        return Errno::EINVAL;
    return {};
}

void TmpfsSuperBlock::resize(u64 max_pages)
{
    m_max_pages.store(max_pages, std::memory_order_relaxed);
    m_size_given = true;
}

TmpfsFile::TmpfsFile(SuperBlock& sb, u32 mode, InodeOwner owner)
    : Inode(sb, mode, owner)
{
}

TmpfsFile::~TmpfsFile() { tmpfs_sb().uncharge_pages(m_pages.nr_pages()); }

Result<PageFrame*> TmpfsFile::find_or_create_charged(u64 index)
{
    if (PageFrame* page = m_pages.find(index))
        return page;
    // shmem_inode_acct_blocks(): a full tmpfs refuses new pages with ENOSPC.
    if (!tmpfs_sb().try_charge_page())
        return Errno::ENOSPC;
    auto page = m_pages.find_or_create(index);
    if (page.is_error())
        tmpfs_sb().uncharge_pages(1);
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
        tmpfs_sb().uncharge_pages(pages_before - m_pages.nr_pages());
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

TmpfsSymlink::~TmpfsSymlink() { kfree(m_target); }

Result<usize> TmpfsSymlink::readlink(char* buffer, usize size)
{
    usize length = lib::min(usize(this->size()), size);
    memcpy(buffer, m_target, length);
    return length;
}
