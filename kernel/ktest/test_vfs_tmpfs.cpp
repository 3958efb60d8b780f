// tmpfs data: page-cache pages, holes, truncate, mmap's get_page, freeing on the last reference.

#include <fs/mount.h>
#include <ktest/ktest.h>
#include <ktest/vfs_helpers.h>
#include <mm/page_alloc.h>
#include <mm/slab.h>

using namespace linux_abi;
using namespace ktest;

KTEST(vfs_initramfs_file_is_readable)
{
    auto ctx = vfs_test_context();
    char buffer[64];
    auto n = read_file(ctx, "/etc/sprout-release", buffer, sizeof(buffer));
    KASSERT(!n.is_error());
    KEXPECT_EQ(n.value(), 7u);
    KEXPECT(strcmp(buffer, "Sprout\n") == 0);
}

KTEST(vfs_tmpfs_write_read_and_holes)
{
    auto ctx = vfs_test_context();
    auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/holes", O_RDWR | O_CREAT, 0644));
    char x = 'x';
    KEXPECT_EQ(MUST(file->pwrite(UserOrKernelBuffer::for_kernel(&x), 1, 10000)), 1u);
    KEXPECT_EQ(file->inode().size(), 10001u);
    char buffer[64];
    memset(buffer, 0x55, sizeof(buffer));
    KEXPECT_EQ(MUST(file->pread(UserOrKernelBuffer::for_kernel(buffer), 64, 9960)), 41u);
    bool zeros = true;
    for (int i = 0; i < 40; ++i)
        zeros &= buffer[i] == 0;
    KEXPECT(zeros);
    KEXPECT_EQ(buffer[40], 'x');
    // Only the page that was written exists.
    KEXPECT_EQ(file->inode().allocated_pages(), 1u);
    KEXPECT_EQ(MUST(file->pread(UserOrKernelBuffer::for_kernel(buffer), 64, 20000)), 0u);
    KEXPECT_ERRNO(file->pread(UserOrKernelBuffer::for_kernel(buffer), 1, -1), EINVAL);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/holes"));
}

KTEST(vfs_tmpfs_pages_freed_after_unlink_and_last_close)
{
    auto ctx = vfs_test_context();
    u64 free_before = nr_free_pages();
    {
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/big", O_RDWR | O_CREAT | O_EXCL, 0600));
        auto* chunk = static_cast<u8*>(kmalloc(4096));
        KASSERT(chunk);
        for (int i = 0; i < 256; ++i) {
            memset(chunk, i, 4096);
            KEXPECT_EQ(MUST(file->write(UserOrKernelBuffer::for_kernel(chunk), 4096)), 4096u);
        }
        KEXPECT_EQ(file->inode().size(), 1u << 20);
        KEXPECT(nr_free_pages() + 256 <= free_before);
        // Unlinked while open: the name goes, the data stays until the last reference.
        KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/big"));
        KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/tmp/big", 0), ENOENT);
        KEXPECT_EQ(file->inode().nlink(), 0u);
        KEXPECT_EQ(MUST(file->pread(UserOrKernelBuffer::for_kernel(chunk), 4096, 200 * 4096)), 4096u);
        KEXPECT_EQ(chunk[0], 200);
        KEXPECT_EQ(chunk[4095], 200);
        kfree(chunk);
    }
    KEXPECT_EQ(nr_free_pages(), free_before);
}

KTEST(vfs_tmpfs_truncate_shrinks_zeroes_and_frees)
{
    auto ctx = vfs_test_context();
    u64 free_before = nr_free_pages();
    {
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/trunc", O_RDWR | O_CREAT | O_TRUNC, 0644));
        static char data[3 * 4096];
        memset(data, 'a', sizeof(data));
        KEXPECT_EQ(MUST(file->write(UserOrKernelBuffer::for_kernel(data), sizeof(data))), sizeof(data));
        KEXPECT_EQ(file->inode().allocated_pages(), 3u);
        KEXPECT_OK(vfs_truncate(file->inode(), 100));
        KEXPECT_EQ(file->inode().allocated_pages(), 1u);
        KEXPECT_OK(vfs_truncate(file->inode(), 8192));
        char buffer[16];
        KEXPECT_EQ(MUST(file->pread(UserOrKernelBuffer::for_kernel(buffer), 16, 96)), 16u);
        KEXPECT_EQ(buffer[3], 'a');
        KEXPECT_EQ(buffer[4], 0); // cut at 100, then grown: zeros
        KEXPECT_ERRNO(vfs_truncate(file->inode(), -1), EINVAL);
        auto root = vfs_root();
        KEXPECT_ERRNO(vfs_truncate(*root, 0), EISDIR);
        KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/trunc"));
    }
    KEXPECT_EQ(nr_free_pages(), free_before);
}

KTEST(vfs_tmpfs_get_page_shares_bytes_with_read_and_write)
{
    auto ctx = vfs_test_context();
    auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/mapped", O_RDWR | O_CREAT, 0644));
    KEXPECT_EQ(MUST(file->write(UserOrKernelBuffer::for_kernel(const_cast<char*>("hello")), 5)), 5u);
    auto page = file->inode().get_page(0);
    KASSERT(!page.is_error());
    KEXPECT_EQ(page.value()->refcount.load(), 2u); // the cache's and ours
    auto* bytes = static_cast<char*>(page_address(page.value()));
    KEXPECT(memcmp(bytes, "hello", 5) == 0);
    bytes[0] = 'J'; // a store through a shared mapping
    char buffer[8] = {};
    KEXPECT_EQ(MUST(file->pread(UserOrKernelBuffer::for_kernel(buffer), 5, 0)), 5u);
    KEXPECT(memcmp(buffer, "Jello", 5) == 0);
    put_page(page.value());
    auto dev_null = MUST(vfs_lookup(ctx, AT_FDCWD, "/dev/null", LOOKUP_FOLLOW));
    KEXPECT_ERRNO(dev_null->get_page(0), ENODEV);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/mapped"));
}

KTEST(vfs_append_and_access_modes)
{
    auto ctx = vfs_test_context();
    KEXPECT_EQ(MUST(write_file(ctx, "/tmp/app", "one")), 3u);
    {
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/app", O_WRONLY | O_APPEND, 0));
        KEXPECT_EQ(MUST(file->lseek(0, SEEK_SET)), 0);
        KEXPECT_EQ(MUST(file->write(UserOrKernelBuffer::for_kernel(const_cast<char*>("two")), 3)), 3u);
        KEXPECT_EQ(file->position(), 6u);
        char c;
        KEXPECT_ERRNO(file->read(UserOrKernelBuffer::for_kernel(&c), 1), EBADF);
        KEXPECT_EQ(file->flags(), O_WRONLY | O_APPEND | O_LARGEFILE);
    }
    char buffer[16];
    MUST(read_file(ctx, "/tmp/app", buffer, sizeof(buffer)));
    KEXPECT(strcmp(buffer, "onetwo") == 0);
    {
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/app", O_RDONLY, 0));
        KEXPECT_ERRNO(file->write(UserOrKernelBuffer::for_kernel(buffer), 1), EBADF);
        KEXPECT_EQ(MUST(file->lseek(-2, SEEK_END)), 4);
        KEXPECT_EQ(MUST(file->lseek(1, SEEK_CUR)), 5);
        KEXPECT_ERRNO(file->lseek(-6, SEEK_CUR), EINVAL);
        KEXPECT_ERRNO(file->lseek(0, 7), EINVAL);
    }
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/app"));
}
