/*
 * efault: system calls given bad user pointers fail with EFAULT and change nothing; the kernel
 * never reads or writes through them. write() first (the case), then read, stat, open,
 * readv/writev, getcwd, uname, clock_gettime.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <time.h>

#define KERNEL_ADDR 0xffffffff81000000ul /* the kernel's half: never user memory */
#define NONCANONICAL 0x0000800000000000ul

int main(void)
{
    int fd = open("/tmp/efault", O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK(fd >= 0, "create_file");
    unsigned char* none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char* ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(none != MAP_FAILED && ro != MAP_FAILED, "mmap_prot_none_and_read_only");

    /* write: from nowhere, from the kernel, from a PROT_NONE page. */
    CHECK_ERRNO(write(1, t_ptr(1), 10), EFAULT, "write_stdout_bad_pointer_EFAULT");
    CHECK_ERRNO(write(2, t_ptr(0), 10), EFAULT, "write_stderr_null_EFAULT");
    CHECK_ERRNO(write(fd, t_ptr(1), 10), EFAULT, "write_file_bad_pointer_EFAULT");
    CHECK_ERRNO(write(fd, t_ptr(KERNEL_ADDR), 10), EFAULT, "write_from_kernel_address_EFAULT");
    CHECK_ERRNO(write(fd, t_ptr(NONCANONICAL), 10), EFAULT, "write_from_noncanonical_address_EFAULT");
    CHECK_ERRNO(write(fd, none, 10), EFAULT, "write_from_prot_none_EFAULT");
    struct stat st;
    CHECK(fstat(fd, &st) == 0 && st.st_size == 0, "failed_writes_wrote_nothing");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0, "failed_writes_kept_offset");
    CHECK_EQ(write(fd, t_ptr(1), 0), 0, "write_zero_bytes_from_bad_pointer_is_0");

    /* read: into nowhere, into the kernel, into a read-only page. */
    CHECK_EQ(write(fd, "0123456789", 10), 10, "write_good");
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "rewind");
    CHECK_ERRNO(read(fd, t_ptr(1), 10), EFAULT, "read_into_bad_pointer_EFAULT");
    CHECK_ERRNO(read(fd, t_ptr(KERNEL_ADDR), 10), EFAULT, "read_into_kernel_address_EFAULT");
    CHECK_ERRNO(read(fd, ro, 10), EFAULT, "read_into_read_only_page_EFAULT");
    CHECK_ERRNO(read(fd, (void*)"literal", 3), EFAULT, "read_into_program_text_EFAULT");
    CHECK(ro[0] == 0, "read_only_page_untouched");
    CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0, "failed_reads_kept_offset");
    char c;
    CHECK(read(fd, &c, 1) == 1 && c == '0', "good_read_after_failures");

    /* Paths and structures: raw system calls, since a libc may copy through its own buffer. */
    CHECK_ERRNO(syscall(SYS_open, t_ptr(1), O_RDONLY), EFAULT, "open_bad_path_EFAULT");
    CHECK_ERRNO(syscall(SYS_stat, t_ptr(KERNEL_ADDR), &st), EFAULT, "stat_kernel_path_EFAULT");
    CHECK_ERRNO(syscall(SYS_stat, "/tmp", t_ptr(1)), EFAULT, "stat_bad_buffer_EFAULT");
    CHECK_ERRNO(syscall(SYS_fstat, fd, t_ptr(KERNEL_ADDR)), EFAULT, "fstat_kernel_buffer_EFAULT");
    CHECK_ERRNO(syscall(SYS_uname, t_ptr(1)), EFAULT, "uname_bad_buffer_EFAULT");
    CHECK_ERRNO(syscall(SYS_getcwd, t_ptr(1), 100), EFAULT, "getcwd_bad_buffer_EFAULT");
    CHECK_ERRNO(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, t_ptr(1)), EFAULT, "clock_gettime_bad_buffer_EFAULT");

    /* Vectors: a bad iovec array, a bad base inside a good one. */
    CHECK_ERRNO(syscall(SYS_writev, fd, t_ptr(1), 1), EFAULT, "writev_bad_iovec_EFAULT");
    struct iovec iov[2] = { { t_ptr(1), 5 }, { "x", 1 } };
    CHECK_ERRNO(syscall(SYS_writev, fd, iov, 2), EFAULT, "writev_bad_first_base_EFAULT");
    CHECK_ERRNO(syscall(SYS_readv, fd, t_ptr(KERNEL_ADDR), 1), EFAULT, "readv_kernel_iovec_EFAULT");
    CHECK(fstat(fd, &st) == 0 && st.st_size == 10, "file_size_unchanged");

    close(fd);
    return t_exit_status();
}
