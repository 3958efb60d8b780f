// FIXME(vfs merge): delete this file. Until the VFS lands, exec finds programs directly in the
// initramfs archive (cpio newc, read-only), so that user mode can be brought up and tested.

#include <arch/boot.h>
#include <lib/string.h>
#include <mm/memory.h>
#include <mm/page_alloc.h>
#include <proc/exec.h>

namespace {

const u8* archive;
usize archive_size;

u64 hex(const u8* p)
{
    u64 v = 0;
    for (int i = 0; i < 8; ++i) {
        u8 c = p[i];
        v = v * 16 + (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
    }
    return v;
}

class CpioInode final : public Inode {
public:
    CpioInode(const u8* data, u64 size)
        : m_data(data)
        , m_size(size)
    {
    }
    u64 size() const override { return m_size; }
    Result<usize> read(u64 offset, UserOrKernelBuffer buffer, usize size) override
    {
        if (offset >= m_size)
            return usize(0);
        usize n = lib::min(size, usize(m_size - offset));
        TRY(buffer.write(m_data + offset, 0, n));
        return n;
    }
    Result<PageFrame*> get_page(u64 index) override
    {
        PageFrame* page = TRY(alloc_zeroed_pages(0));
        u64 offset = index * PAGE_SIZE;
        if (offset < m_size)
            memcpy(page_address(page), m_data + offset, lib::min(PAGE_SIZE, usize(m_size - offset)));
        return page;
    }

private:
    const u8* m_data;
    u64 m_size;
};

} // namespace

void exec_tmp_set_initramfs(const BootInfo& info)
{
    if (info.module_count) {
        archive = static_cast<const u8*>(phys_to_virt(info.modules[0].start));
        archive_size = info.modules[0].end - info.modules[0].start;
    }
}

Result<NonnullRefPtr<Inode>> open_exec(const char* path)
{
    if (*path == '/')
        ++path;
    usize offset = 0;
    for (int hops = 0; offset + 110 <= archive_size && hops < 100000; ++hops) {
        const u8* h = archive + offset;
        if (memcmp(h, "070701", 6) != 0)
            break;
        u64 mode = hex(h + 14), filesize = hex(h + 54), namesize = hex(h + 94);
        const char* name = reinterpret_cast<const char*>(h + 110);
        usize data = lib::align_up(offset + 110 + namesize, usize(4));
        if (strcmp(name, "TRAILER!!!") == 0)
            break;
        const char* n = name;
        if (n[0] == '.' && n[1] == '/')
            n += 2;
        if (strcmp(n, path) == 0) {
            if ((mode & 0170000) == 0040000)
                return Errno::EACCES;
            if ((mode & 0170000) == 0120000) {
                char target[256];
                usize len = lib::min(usize(filesize), sizeof(target) - 1);
                memcpy(target, archive + data, len);
                target[len] = 0;
                if (target[0] != '/') {
                    // relative to the link's directory
                    char full[512];
                    usize dir = 0;
                    for (usize i = 0; n[i]; ++i)
                        if (n[i] == '/')
                            dir = i + 1;
                    memcpy(full, n, dir);
                    memcpy(full + dir, target, len + 1);
                    return open_exec(full);
                }
                return open_exec(target);
            }
            if (!(mode & 0111))
                return Errno::EACCES;
            auto inode = try_make_ref_counted<CpioInode>(archive + data, filesize);
            if (inode.is_error())
                return inode.error();
            return NonnullRefPtr<Inode>(inode.release_value());
        }
        offset = lib::align_up(data + filesize, usize(4));
    }
    return Errno::ENOENT;
}
