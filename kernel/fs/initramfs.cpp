#include <abi/linux/fcntl.h>
#include <fs/cpio.h>
#include <fs/initramfs.h>
#include <fs/mount.h>
#include <fs/vfs.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/slab.h>

using namespace linux_abi;

namespace {

// newc carries a hard-linked file once per name, all with the same (dev, ino) and nlink >= 2;
// the data comes with one of them (GNU cpio: the last). Linux links every later name to the
// first and writes any data into the shared inode without truncating it.
struct SeenLink {
    u32 ino, dev_major, dev_minor;
    RefPtr<Inode> inode;
    SeenLink* next;
};

class LinkTable {
public:
    ~LinkTable()
    {
        while (m_head) {
            SeenLink* next = m_head->next;
            delete m_head;
            m_head = next;
        }
    }
    Inode* find(const CpioEntry& e)
    {
        for (SeenLink* l = m_head; l; l = l->next) {
            if (l->ino == e.ino && l->dev_major == e.dev_major && l->dev_minor == e.dev_minor)
                return l->inode.ptr();
        }
        return nullptr;
    }
    Result<void> add(const CpioEntry& e, Inode& inode)
    {
        auto* link = new (std::nothrow_t {}) SeenLink { e.ino, e.dev_major, e.dev_minor, inode, m_head };
        if (!link)
            return Errno::ENOMEM;
        m_head = link;
        return {};
    }

private:
    SeenLink* m_head { nullptr };
};

void apply_attributes(Inode& inode, const CpioEntry& e)
{
    inode.set_owner(e.uid, e.gid);
    inode.set_mode_bits(e.mode & S_IALLUGO);
    Timespec mtime { i64(e.mtime), 0 };
    inode.set_times(mtime, mtime, mtime);
}

Result<void> unpack_entry(
    const VfsContext& ctx, const CpioEntry& e, const char* path, LinkTable& links, InitramfsStats& stats)
{
    u32 type = e.mode & S_IFMT;
    if (type == S_IFDIR) {
        auto made = vfs_mkdir(ctx, AT_FDCWD, path, e.mode);
        if (made.is_error() && made.error() != Errno::EEXIST)
            return made.error();
        auto dir = TRY(vfs_lookup(ctx, AT_FDCWD, path, 0));
        apply_attributes(*dir, e);
        ++stats.directories;
        return {};
    }
    if (type == S_IFLNK) {
        char* target = static_cast<char*>(kmalloc(e.data_size + 1));
        if (!target)
            return Errno::ENOMEM;
        memcpy(target, e.data, e.data_size);
        target[e.data_size] = '\0';
        auto made = vfs_symlink(ctx, target, AT_FDCWD, path);
        kfree(target);
        TRY(made);
        auto link = TRY(vfs_lookup(ctx, AT_FDCWD, path, 0));
        link->set_owner(e.uid, e.gid);
        ++stats.symlinks;
        return {};
    }
    if (type != S_IFREG) {
        ++stats.skipped;
        return {};
    }
    Inode* first = e.nlink >= 2 ? links.find(e) : nullptr;
    RefPtr<Inode> inode;
    if (first) {
        // A later name of a hard-linked file.
        ParentLookup parent;
        TRY(path_parentat(NameiContext { ctx.fs->root(), ctx.cred }, *ctx.fs->root(), path, parent));
        MutexGuard guard(parent.dir->sb().namespace_lock());
        TRY(parent.dir->link(parent.last(), *first));
        inode = first;
        ++stats.hard_links;
    } else {
        auto file = TRY(vfs_open(ctx, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, e.mode));
        inode = file->inode_ref();
        if (e.nlink >= 2)
            TRY(links.add(e, *inode));
        ++stats.files;
    }
    if (e.data_size) {
        usize written = TRY(inode->write(0, UserOrKernelBuffer::for_kernel(const_cast<u8*>(e.data)), e.data_size));
        if (written != e.data_size)
            return Errno::ENOSPC;
    }
    apply_attributes(*inode, e);
    return {};
}

} // namespace

Result<InitramfsStats> unpack_initramfs(const u8* data, usize size)
{
    InitramfsStats stats {};
    // Unpacked as root with a umask of 0, so that the archive's modes arrive unchanged.
    auto fs = TRY(FsContext::create());
    fs->exchange_umask(0);
    VfsContext ctx { fs, nullptr, Credentials {} };
    LinkTable links;
    auto path_buffer = TRY(KmallocBuffer<char>::create(PATH_MAX));
    char* path = path_buffer.data();

    CpioReader reader(data, size);
    CpioEntry entry;
    for (;;) {
        bool more = TRY(reader.next(entry));
        if (!more)
            break;
        // Names are relative to the root ("./etc", "etc", "."); "." is the root itself.
        if (entry.name_length + 2 > PATH_MAX) {
            printk("initramfs: name too long, skipped\n");
            continue;
        }
        path[0] = '/';
        memcpy(path + 1, entry.name, entry.name_length + 1);
        auto result = unpack_entry(ctx, entry, path, links, stats);
        if (result.is_error())
            printk("initramfs: %s: %s\n", path, errno_name(result.error()));
    }
    return stats;
}
