// Descriptor tables, getdents64, devices, procfs.

#include <abi/linux/dirent.h>
#include <fs/console.h>
#include <fs/mount.h>
#include <fs/stat.h>
#include <ktest/ktest.h>
#include <ktest/vfs_helpers.h>
#include <mm/page_alloc.h>

using namespace linux_abi;
using namespace ktest;

KTEST(vfs_file_table_lowest_free_cloexec_and_limits)
{
    u64 free_before = nr_free_pages();
    {
        auto ctx = vfs_test_context();
        auto& table = *ctx.files;
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/dev/null", O_RDWR, 0));
        KEXPECT_EQ(MUST(table.allocate(file, false, 4)), 0);
        KEXPECT_EQ(MUST(table.allocate(file, true, 4)), 1);
        KEXPECT_EQ(MUST(table.allocate(file, false, 4)), 2);
        KEXPECT_OK(table.close(1));
        KEXPECT_ERRNO(table.close(1), EBADF);
        KEXPECT_EQ(MUST(table.allocate(file, false, 4)), 1); // lowest free
        KEXPECT_EQ(MUST(table.allocate(file, false, 4)), 3);
        KEXPECT_ERRNO(table.allocate(file, false, 4), EMFILE);
        KEXPECT_EQ(MUST(table.allocate(file, false, 100, 10)), 10); // F_DUPFD's minimum
        KEXPECT_ERRNO(table.install_at(100, file, false, 100), EBADF);
        KEXPECT_EQ(MUST(table.install_at(50, file, true, 100)), 50);
        KEXPECT(MUST(table.cloexec(50)));
        KEXPECT_ERRNO(table.get(-1), EBADF);
        KEXPECT_ERRNO(table.get(7), EBADF);
        // fork's copy shares the descriptions, with the same flags; exec drops cloexec ones.
        auto copy = MUST(table.clone());
        KEXPECT(MUST(copy->get(3)).ptr() == file.ptr());
        KEXPECT(MUST(copy->cloexec(50)));
        copy->close_on_exec();
        KEXPECT_ERRNO(copy->get(50), EBADF);
        KEXPECT_EQ(copy->open_count(), 5u);
        KEXPECT_EQ(table.open_count(), 6u);
        KEXPECT_OK(table.set_cloexec(3, true));
        KEXPECT(MUST(table.cloexec(3)));
    }
    KEXPECT_EQ(nr_free_pages(), free_before);
}

// clone(CLONE_PIDFD)'s reservation (Linux's get_unused_fd_flags / fd_install / put_unused_fd):
// a reserved number is taken but names nothing until installed; dup2 onto it is EBUSY; a copy
// of the table (fork) does not carry it; giving it back frees the number.
KTEST(vfs_file_table_reserved_descriptor)
{
    u64 free_before = nr_free_pages();
    {
        auto ctx = vfs_test_context();
        auto table = ctx.files;
        auto file = MUST(vfs_open(ctx, AT_FDCWD, "/dev/null", O_RDWR, 0));
        KEXPECT_EQ(MUST(table->allocate(file, false, 16)), 0);
        {
            auto reserved = MUST(ReservedFd::reserve(*table, true, 16));
            KEXPECT_EQ(reserved.fd(), 1);
            KEXPECT_EQ(MUST(table->allocate(file, false, 16)), 2); // 1 is taken
            KEXPECT_ERRNO(table->get(1), EBADF);
            KEXPECT_ERRNO(table->close(1), EBADF);
            KEXPECT_ERRNO(table->install_at(1, file, false, 16), EBUSY);
            auto copy = MUST(table->clone());
            KEXPECT_EQ(MUST(copy->allocate(file, false, 16)), 1); // not reserved in the copy
            reserved.install(file);
            KEXPECT(MUST(table->get(1)).ptr() == file.ptr());
            KEXPECT(MUST(table->cloexec(1)));
        }
        {
            auto reserved = MUST(ReservedFd::reserve(*table, false, 16));
            KEXPECT_EQ(reserved.fd(), 3);
        } // not installed: given back
        KEXPECT_EQ(MUST(table->allocate(file, false, 16)), 3);
        KEXPECT_EQ(table->open_count(), 4u);
    }
    KEXPECT_EQ(nr_free_pages(), free_before);
}

namespace {

struct Listing {
    int count { 0 };
    bool saw[4] {};
    i64 last_off { 0 };
};

void parse(const u8* buffer, usize used, Listing& listing)
{
    usize at = 0;
    while (at < used) {
        auto* d = reinterpret_cast<const linux_dirent64*>(buffer + at);
        ++listing.count;
        if (strcmp(d->d_name, ".") == 0 && d->d_type == DT_DIR)
            listing.saw[0] = true;
        if (strcmp(d->d_name, "..") == 0 && d->d_type == DT_DIR)
            listing.saw[1] = true;
        if (strcmp(d->d_name, "file") == 0 && d->d_type == DT_REG)
            listing.saw[2] = true;
        if (strcmp(d->d_name, "link") == 0 && d->d_type == DT_LNK)
            listing.saw[3] = true;
        listing.last_off = d->d_off;
        at += d->d_reclen;
    }
}

} // namespace

KTEST(vfs_getdents64_records_offsets_and_small_buffers)
{
    auto ctx = vfs_test_context();
    KEXPECT_OK(vfs_mkdir(ctx, AT_FDCWD, "/tmp/g", 0755));
    MUST(write_file(ctx, "/tmp/g/file", "x"));
    KEXPECT_OK(vfs_symlink(ctx, "file", AT_FDCWD, "/tmp/g/link"));
    auto dir = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/g", O_RDONLY | O_DIRECTORY, 0));
    alignas(8) u8 buffer[512];
    KEXPECT_ERRNO(dir->getdents64(UserOrKernelBuffer::for_kernel(buffer), 10), EINVAL);
    // One record at a time (24 bytes fit "." and ".."; 32 fit "file" and "link").
    Listing one;
    for (int i = 0; i < 4; ++i) {
        usize used = MUST(dir->getdents64(UserOrKernelBuffer::for_kernel(buffer), 32));
        KEXPECT(used > 0);
        parse(buffer, used, one);
    }
    KEXPECT_EQ(MUST(dir->getdents64(UserOrKernelBuffer::for_kernel(buffer), sizeof(buffer))), 0u);
    KEXPECT_EQ(one.count, 4);
    KEXPECT(one.saw[0] && one.saw[1] && one.saw[2] && one.saw[3]);
    // lseek back to a d_off resumes after that entry.
    KEXPECT_EQ(MUST(dir->lseek(2, SEEK_SET)), 2);
    Listing rest;
    parse(buffer, MUST(dir->getdents64(UserOrKernelBuffer::for_kernel(buffer), sizeof(buffer))), rest);
    KEXPECT_EQ(rest.count, 2);
    KEXPECT_ERRNO(dir->lseek(0, SEEK_END), EINVAL);
    char c;
    KEXPECT_ERRNO(dir->read(UserOrKernelBuffer::for_kernel(&c), 1), EISDIR);
    auto file = MUST(vfs_open(ctx, AT_FDCWD, "/tmp/g/file", O_RDONLY, 0));
    KEXPECT_ERRNO(file->getdents64(UserOrKernelBuffer::for_kernel(buffer), sizeof(buffer)), ENOTDIR);
    // stat of a tmpfs directory: Linux's bogus size (20 per entry + 40) and link count.
    linux_abi::stat st;
    fill_stat(dir->inode(), st);
    KEXPECT_EQ(st.st_size, 80);
    KEXPECT_EQ(st.st_nlink, 2u);
    KEXPECT_EQ(st.st_mode, S_IFDIR | 0755u);
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/g/file"));
    KEXPECT_OK(vfs_unlink(ctx, AT_FDCWD, "/tmp/g/link"));
    KEXPECT_OK(vfs_rmdir(ctx, AT_FDCWD, "/tmp/g"));
}

KTEST(vfs_devices_null_zero_console)
{
    auto ctx = vfs_test_context();
    u8 buffer[16];
    memset(buffer, 0xff, sizeof(buffer));
    auto null = MUST(vfs_open(ctx, AT_FDCWD, "/dev/null", O_RDWR, 0));
    KEXPECT_EQ(MUST(null->read(UserOrKernelBuffer::for_kernel(buffer), 16)), 0u);
    KEXPECT_EQ(MUST(null->write(UserOrKernelBuffer::for_kernel(buffer), 16)), 16u);
    KEXPECT_EQ(MUST(null->lseek(100, SEEK_SET)), 0);
    auto zero = MUST(vfs_open(ctx, AT_FDCWD, "/dev/zero", O_RDWR, 0));
    KEXPECT_EQ(MUST(zero->read(UserOrKernelBuffer::for_kernel(buffer), 16)), 16u);
    KEXPECT_EQ(buffer[0] | buffer[15], 0);
    linux_abi::stat st;
    fill_stat(null->inode(), st);
    KEXPECT_EQ(st.st_mode, S_IFCHR | 0666u);
    KEXPECT_EQ(st.st_rdev, encode_dev(1, 3));
    fill_stat(zero->inode(), st);
    KEXPECT_EQ(st.st_rdev, encode_dev(1, 5));
    auto console = MUST(vfs_open(ctx, AT_FDCWD, "/dev/console", O_RDWR, 0));
    fill_stat(console->inode(), st);
    KEXPECT_EQ(st.st_rdev, encode_dev(5, 1));
    KEXPECT_EQ(st.st_mode, S_IFCHR | 0600u);
    fill_stat(*MUST(vfs_lookup(ctx, AT_FDCWD, "/dev/tty", 0)), st);
    KEXPECT_EQ(st.st_rdev, encode_dev(5, 0));
    const char text[] = "console: hello from the VFS test\n";
    KEXPECT_EQ(MUST(console->write(UserOrKernelBuffer::for_kernel(const_cast<char*>(text)), sizeof(text) - 1)),
        sizeof(text) - 1);
    KEXPECT_ERRNO(console->lseek(0, SEEK_SET), ESPIPE);
    KEXPECT_ERRNO(console->pread(UserOrKernelBuffer::for_kernel(buffer), 1, 0), ESPIPE);
    KEXPECT(console->inode().is_tty());
    KEXPECT(!null->inode().is_tty());
    // Canonical input: a line is returned whole, erase edits it, Ctrl-D on an empty line is EOF.
    for (char c : { 'a', 'x', '\x7f', 'b', '\r' })
        console_tty().receive(c);
    console_tty().receive('\x04');
    char line[16];
    KEXPECT_EQ(MUST(console->read(UserOrKernelBuffer::for_kernel(line), sizeof(line))), 3u);
    KEXPECT(memcmp(line, "ab\n", 3) == 0);
    KEXPECT_EQ(MUST(console->read(UserOrKernelBuffer::for_kernel(line), sizeof(line))), 0u);
    // PID 1's stdio: 0, 1 and 2 on one description of /dev/console.
    KEXPECT_OK(open_stdio_on_console(*ctx.files));
    KEXPECT(MUST(ctx.files->get(0)).ptr() == MUST(ctx.files->get(2)).ptr());
    KEXPECT(MUST(ctx.files->get(1))->inode().is_tty());
}

KTEST(vfs_procfs_self_and_unknown_pids)
{
    auto ctx = vfs_test_context();
    auto proc = MUST(vfs_lookup(ctx, AT_FDCWD, "/proc", 0));
    KEXPECT(proc->is_directory());
    KEXPECT(!(proc->mode() & 0222));
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/proc/self", 0))->is_symlink());
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/proc/99999", 0), ENOENT);
    KEXPECT_ERRNO(vfs_lookup(ctx, AT_FDCWD, "/proc/01", 0), ENOENT);
    KEXPECT_ERRNO(vfs_mkdir(ctx, AT_FDCWD, "/proc/x", 0755), EPERM);
    KEXPECT(MUST(vfs_lookup(ctx, AT_FDCWD, "/proc/..", 0)).ptr() == vfs_root().ptr());
}
