// vfs_init(): the file-system tree every process starts with, as Linux's init does it: a tmpfs as
// "/", the initramfs unpacked into it, then /dev, /proc and /tmp mounted.

#include <abi/linux/fcntl.h>
#include <arch/boot.h>
#include <fs/console.h>
#include <fs/dev.h>
#include <fs/init.h>
#include <fs/initramfs.h>
#include <fs/mount.h>
#include <fs/namespace.h>
#include <fs/procfs.h>
#include <fs/tmpfs.h>
#include <fs/vfs.h>
#include <lib/panic.h>
#include <lib/printk.h>
#include <mm/memory.h>

namespace {

// What the boot scripts of a Linux system do: mkdir -p PATH; mount -t TYPE SOURCE PATH.
Result<void> mount_on(const VfsContext& ctx, const char* path, const char* source, const char* type, const char* data)
{
    auto made = vfs_mkdir(ctx, linux_abi::AT_FDCWD, path, 0755);
    if (made.is_error() && made.error() != Errno::EEXIST)
        return made.error();
    return vfs_mount(ctx, source, path, type, 0, data);
}

Result<void> build_tree(const BootInfo& info)
{
    SuperBlock* root = TRY(tmpfs_create(0755));
    set_root_mount(*root, "rootfs");

    if (info.module_count) {
        const BootModule& module = info.modules[0];
        auto* data = static_cast<const u8*>(phys_to_virt(module.start));
        auto stats = unpack_initramfs(data, module.end - module.start);
        if (stats.is_error())
            printk("initramfs: malformed archive (%s); unpacked what came before\n", errno_name(stats.error()));
        else
            printk("initramfs: %lu files, %lu directories, %lu symlinks, %lu hard links\n", stats.value().files,
                stats.value().directories, stats.value().symlinks, stats.value().hard_links);
    }

    auto fs = TRY(FsContext::create());
    VfsContext ctx { fs, nullptr, Credentials {} };
    TRY(mount_on(ctx, "/dev", "devtmpfs", "devtmpfs", nullptr));
    TRY(mount_on(ctx, "/proc", "proc", "proc", nullptr));
    TRY(mount_on(ctx, "/tmp", "tmpfs", "tmpfs", nullptr));
    return {};
}

} // namespace

void vfs_init(const BootInfo& info)
{
    auto result = build_tree(info);
    if (result.is_error())
        panic("vfs_init: %s", errno_name(result.error()));
    console_init(info.cmdline);
}
