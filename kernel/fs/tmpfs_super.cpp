// A tmpfs instance's limits and what it reports (Linux's shmem_sb_info, shmem_statfs(),
// shmem_show_options(), shmem_reconfigure()).

#include <fs/tmpfs.h>
#include <lib/format.h>
#include <mm/page_alloc.h>

using namespace linux_abi;

TmpfsLimit::TmpfsLimit(u64 limit, u64 default_limit)
    : m_limit(limit != TMPFS_DEFAULT_LIMIT ? limit : default_limit)
    , m_given(limit != TMPFS_DEFAULT_LIMIT)
{
}

bool TmpfsLimit::try_charge()
{
    u64 used = m_used.load(std::memory_order_relaxed);
    do {
        u64 max = limit();
        if (max && used >= max)
            return false;
    } while (!m_used.compare_exchange_weak(used, used + 1, std::memory_order_relaxed));
    return true;
}

Result<void> TmpfsLimit::check_change(u64 new_limit) const
{
    if (new_limit == 0)
        return {};
    if (limit() == 0) // "Cannot retroactively limit size"
        return Errno::EINVAL;
    if (used() > new_limit) // "Too small size for current use"
        return Errno::EINVAL;
    return {};
}

void TmpfsLimit::change(u64 new_limit)
{
    m_limit.store(new_limit, std::memory_order_relaxed);
    m_given.store(true, std::memory_order_relaxed);
}

namespace {
// Half of RAM, in pages: the default size and, one inode per page, the default inode count.
u64 half_of_ram() { return lib::max(page_stats().total / 2, u64(1)); }
} // namespace

TmpfsSuperBlock::TmpfsSuperBlock(u64 max_pages, u64 max_inodes, u32 root_mode, InodeOwner owner)
    : SuperBlock("tmpfs", TMPFS_MAGIC)
    , m_pages(max_pages, half_of_ram())
    , m_inodes(max_inodes, half_of_ram())
    , m_root_mode(root_mode)
    , m_owner(owner)
{
}

// shmem_statfs(): 4 KiB blocks, the limits and what is left of them (nothing for no limit).
void TmpfsSuperBlock::statfs(linux_abi::statfs& out) const
{
    SuperBlock::statfs(out);
    if (u64 max = m_pages.limit()) {
        out.f_blocks = max;
        out.f_bfree = out.f_bavail = max - lib::min(m_pages.used(), max);
    }
    if (u64 max = m_inodes.limit()) {
        out.f_files = max;
        out.f_ffree = max - lib::min(m_inodes.used(), max);
    }
}

// shmem_show_options(): size= and nr_inodes= unless the default, mode= unless 1777, uid=/gid=
// unless 0, inode64 (or inode32).
usize TmpfsSuperBlock::show_options(char* buffer, usize size) const
{
    usize length = 0;
    auto add = [&](const char* format, auto value) {
        if (length < size)
            length += format_to(buffer + length, size - length, format, value);
    };
    if (m_pages.given())
        add(",size=%lluk", (unsigned long long)(m_pages.limit() * (PAGE_SIZE / 1024)));
    if (m_inodes.given())
        add(",nr_inodes=%llu", (unsigned long long)m_inodes.limit());
    if (m_root_mode != 01777)
        add(",mode=%03o", m_root_mode);
    if (m_owner.uid != 0)
        add(",uid=%u", m_owner.uid);
    if (m_owner.gid != 0)
        add(",gid=%u", m_owner.gid);
    // Inode numbers here are 64-bit (SuperBlock::allocate_ino()): what Linux built with
    // CONFIG_TMPFS_INODE64, as Debian's kernel is, says of every tmpfs.
    add("%s", m_inode32 ? ",inode32" : ",inode64");
    return lib::min(length, size);
}
