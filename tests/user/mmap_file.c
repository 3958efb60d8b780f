/*
 * mmap_file: file mappings on tmpfs. A MAP_SHARED mapping is the file: what write() puts in the
 * file shows in the mapping, what is stored through the mapping shows in read() and in every
 * other shared mapping of the file. A MAP_PRIVATE mapping sees the file until it writes, then has
 * its own copy. Plus Linux's errors for mapping descriptors that cannot be mapped that way, and
 * SIGBUS-free access up to the page holding the file's last byte.
 */
#include "t.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(void)
{
    const long page = 4096;
    int fd = open("/tmp/mapped", O_CREAT | O_TRUNC | O_RDWR, 0644);
    CHECK(fd >= 0, "create_file");
    char block[8192];
    memset(block, 'a', sizeof(block));
    CHECK_EQ(write(fd, block, sizeof(block)), sizeof(block), "write_two_pages");

    char* shared1 = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char* shared2 = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char* priv = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(shared1 != MAP_FAILED && shared2 != MAP_FAILED && priv != MAP_FAILED, "three_mappings");
    CHECK(shared1 != shared2, "two_shared_mappings_at_different_addresses");
    CHECK(shared1[0] == 'a' && shared2[page] == 'a' && priv[10] == 'a', "mappings_show_the_file");

    /* write() -> every mapping that has not copied. */
    CHECK_EQ(pwrite(fd, "XYZ", 3, 100), 3, "pwrite_into_the_file");
    CHECK(memcmp(shared1 + 100, "XYZ", 3) == 0, "write_visible_in_shared_mapping");
    CHECK(memcmp(shared2 + 100, "XYZ", 3) == 0, "write_visible_in_second_shared_mapping");
    CHECK(memcmp(priv + 100, "XYZ", 3) == 0, "write_visible_in_untouched_private_mapping");

    /* Store through one shared mapping -> the other and read(). */
    memcpy(shared1 + page + 7, "shared!", 7);
    CHECK(memcmp(shared2 + page + 7, "shared!", 7) == 0, "store_visible_in_other_shared_mapping");
    char back[8] = { 0 };
    CHECK_EQ(pread(fd, back, 7, page + 7), 7, "pread_after_store");
    CHECK(memcmp(back, "shared!", 7) == 0, "store_visible_to_read");

    /* A private store copies: nobody else sees it, and the private page no longer follows the file. */
    priv[200] = 'P';
    CHECK(shared1[200] == 'a', "private_store_invisible_in_shared_mapping");
    CHECK_EQ(pread(fd, back, 1, 200), 1, "pread_private_byte");
    CHECK(back[0] == 'a', "private_store_invisible_to_read");
    CHECK_EQ(pwrite(fd, "Q", 1, 201), 1, "pwrite_after_private_copy");
    CHECK(priv[201] == 'a', "copied_private_page_keeps_its_own_bytes");
    CHECK(priv[page + 7] == 's', "other_private_page_still_shows_the_file");

    /* msync is accepted; munmap of one mapping leaves the others. */
    CHECK_EQ(msync(shared1, 2 * page, MS_SYNC), 0, "msync");
    CHECK_ERRNO(msync(shared1, page, MS_SYNC | MS_ASYNC), EINVAL, "msync_sync_and_async_EINVAL");
    CHECK_EQ(munmap(shared1, 2 * page), 0, "munmap_first_shared");
    CHECK(shared2[100] == 'X', "second_shared_survives");

    /* A file that ends mid-page: the rest of that page reads as zero. */
    CHECK_EQ(ftruncate(fd, page + 10), 0, "truncate_to_a_page_and_ten_bytes");
    CHECK(shared2[page + 7] == 's', "bytes_before_the_end");
    CHECK(shared2[page + 100] == 0, "tail_of_last_page_is_zero");

    /* Errors: a read-only descriptor cannot back a shared writable mapping; no descriptor at all. */
    int ro = open("/tmp/mapped", O_RDONLY);
    CHECK_ERRNO((long)mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0), EACCES,
        "shared_writable_on_read_only_fd_EACCES");
    CHECK(mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) != MAP_FAILED,
        "private_writable_on_read_only_fd_allowed");
    CHECK_ERRNO((long)mmap(NULL, page, PROT_READ, MAP_SHARED, 99, 0), EBADF, "bad_fd_EBADF");
    int wo = open("/tmp/mapped", O_WRONLY);
    CHECK_ERRNO((long)mmap(NULL, page, PROT_READ, MAP_SHARED, wo, 0), EACCES, "write_only_fd_EACCES");
    CHECK_ERRNO((long)mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 1), EINVAL, "unaligned_offset_EINVAL");
    int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
    CHECK_ERRNO((long)mmap(NULL, page, PROT_READ, MAP_SHARED, dir, 0), ENODEV, "directory_ENODEV");

    /* /dev/zero maps as anonymous memory. */
    int zero = open("/dev/zero", O_RDWR);
    char* z = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero, 0);
    CHECK(z != MAP_FAILED && z[123] == 0, "dev_zero_private_mapping_reads_zero");
    if (z != MAP_FAILED) {
        z[0] = 1;
        CHECK(z[0] == 1, "dev_zero_private_mapping_writable");
    }
    unlink("/tmp/mapped");
    return t_failures ? 1 : 0;
}
