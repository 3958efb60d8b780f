#pragma once
// tmpfs (Linux's shmem/ramfs): a file system that lives entirely in memory. Regular files keep
// their data in page-cache pages (page_cache.h); directories are lists of named references to
// inodes, so hard links are simply two entries naming one inode and an unlinked file stays alive
// as long as someone (an open file, a mapping) holds a reference.

#include <fs/inode.h>
#include <fs/page_cache.h>
#include <fs/super.h>
#include <lib/list.h>

inline constexpr u64 TMPFS_DEFAULT_SIZE = ~u64(0);

// A tmpfs instance (Linux's shmem_sb_info): its size limit in pages and the pages its files hold,
// which statfs reports as f_blocks and f_bfree, and the options it was mounted with.
class TmpfsSuperBlock final : public SuperBlock {
public:
    // max_pages: TMPFS_DEFAULT_SIZE for half of RAM (shmem_default_max_blocks(), not shown by
    // /proc/mounts), 0 for no limit (size=0), else the limit. root_mode as given at mount
    // (mode= is shown unless it is 1777).
    TmpfsSuperBlock(u64 max_pages, u32 root_mode, InodeOwner owner);

    // Charge one more page to the file system: false (ENOSPC) when it is full.
    bool try_charge_page();
    void uncharge_pages(u64 count);
    u64 used_pages() const { return m_used_pages.load(std::memory_order_relaxed); }

    void statfs(linux_abi::statfs& out) const override;
    usize show_options(char* buffer, usize size) const override;

    // A remount with size= (shmem_reconfigure()): EINVAL for a limit below what is in use, or
    // for limiting a tmpfs that had none; 0 lifts the limit. (mode=, uid=, gid= are ignored on
    // a remount, as Linux does.)
    Result<void> check_resize(u64 max_pages) const;
    void resize(u64 max_pages);

private:
    std::atomic<u64> m_max_pages;
    std::atomic<bool> m_size_given;
    u32 m_root_mode;
    InodeOwner m_owner;
    std::atomic<u64> m_used_pages { 0 };
};

struct TmpfsDirEntry {
    NonnullRefPtr<Inode> inode;
    char* name; // kmalloc'd, NUL-terminated
    u16 name_length;
    u64 index; // readdir position - 2; increases in list order
    ListNode node;

    StringView name_view() const { return StringView(name, name_length); }
};

class TmpfsDirectory final : public Inode {
public:
    // `parent` null makes a root directory (its own parent).
    TmpfsDirectory(SuperBlock& sb, u32 mode, InodeOwner owner, TmpfsDirectory* parent);
    ~TmpfsDirectory() override;

    Result<NonnullRefPtr<Inode>> lookup(StringView name) override;
    Result<NonnullRefPtr<Inode>> create(StringView name, u32 mode, InodeOwner owner) override;
    Result<NonnullRefPtr<Inode>> mkdir(StringView name, u32 mode, InodeOwner owner) override;
    Result<NonnullRefPtr<Inode>> symlink(StringView name, StringView target, InodeOwner owner) override;
    Result<void> link(StringView name, Inode& target) override;
    Result<void> unlink(StringView name) override;
    Result<void> rmdir(StringView name) override;
    Result<void> rename(StringView old_name, Inode& new_dir, StringView new_name, u32 flags) override;
    Result<NonnullRefPtr<Inode>> parent() override;
    Result<usize> name_of(const Inode& child, char* buffer, usize size) override;
    Result<void> readdir(u64& position, DirEmitter& emitter) override;
    bool is_empty_directory() const override { return m_entries.is_empty(); }
    bool supports_fsync() const override { return true; } // simple_dir_operations' noop_fsync

    // Adds a freshly made inode (nlink already 1) under `name`: how device nodes enter /dev.
    Result<void> insert_new(StringView name, NonnullRefPtr<Inode> inode);

private:
    TmpfsDirEntry* find(StringView name);
    Result<void> insert(StringView name, NonnullRefPtr<Inode> inode);
    void remove(TmpfsDirEntry& entry); // unlinks and frees the entry (drops its reference)
    InodeOwner owner_for_new(InodeOwner owner, u32& mode) const;
    void assert_locked() const;

    // NOTE: guarded by sb().namespace_lock().
    IntrusiveList<TmpfsDirEntry, &TmpfsDirEntry::node> m_entries;
    // The directory holding our entry: valid while we are linked there (a directory cannot be
    // removed while it has entries, so it cannot die under us). Self for the root, null once we
    // are removed.
    TmpfsDirectory* m_parent;
    // Once removed, ".." still leads where it led (Linux keeps d_parent): held by reference,
    // since nothing else keeps that directory alive for us any more.
    RefPtr<Inode> m_removed_from;
    u64 m_next_index { 0 };
};

class TmpfsFile final : public Inode {
public:
    TmpfsFile(SuperBlock& sb, u32 mode, InodeOwner owner);
    ~TmpfsFile() override;

    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override;
    Result<usize> write(u64 offset, UserOrKernelBuffer buffer, usize size) override;
    Result<usize> append(UserOrKernelBuffer buffer, usize size, u64& end_offset) override;
    Result<void> truncate(u64 size) override;
    Result<PageFrame*> get_page(u64 index) override;
    u64 allocated_pages() const override { return m_pages.nr_pages(); }
    bool supports_fsync() const override { return true; } // shmem's noop_fsync

private:
    Result<usize> write_locked(u64 offset, UserOrKernelBuffer buffer, usize size);
    // The page at `index`, charged to the file system if it is new (ENOSPC when full).
    Result<PageFrame*> find_or_create_charged(u64 index);
    TmpfsSuperBlock& tmpfs_sb() const { return static_cast<TmpfsSuperBlock&>(sb()); }

    PageCache m_pages; // guarded by m_lock
};

class TmpfsSymlink final : public Inode {
public:
    TmpfsSymlink(SuperBlock& sb, InodeOwner owner, char* target, usize length);
    ~TmpfsSymlink() override;
    Result<usize> readlink(char* buffer, usize size) override;

private:
    char* m_target; // kmalloc'd, immutable
};

// A new tmpfs instance whose root directory has `root_mode` (permission bits) and `owner`;
// `max_pages` as for TmpfsSuperBlock. Superblocks are never freed (see super.h).
Result<SuperBlock*> tmpfs_create(u32 root_mode, InodeOwner owner = {}, u64 max_pages = TMPFS_DEFAULT_SIZE);
