/*
 * malloc: memory for user programs. brk directly (grow, write, shrink, regrow: fresh zeroes),
 * anonymous mmap (zero-filled, munmap, mprotect), then malloc/calloc/realloc/free over many
 * sizes on both of the libcs' paths (brk or small mmaps for small blocks, one mmap each for
 * large ones), every byte written with a pattern and verified.
 */
#include "t.h"

#include <sys/mman.h>
#include <sys/syscall.h>

extern char end[]; /* the end of .bss, from the linker */

static uintptr_t sys_brk(uintptr_t addr) { return (uintptr_t)syscall(SYS_brk, addr); }

static unsigned char pattern(size_t block, size_t i) { return (unsigned char)(block * 131 + i * 7 + (i >> 12)); }

static void fill(unsigned char* p, size_t n, size_t block)
{
    for (size_t i = 0; i < n; i++)
        p[i] = pattern(block, i);
}

static int verify(const unsigned char* p, size_t n, size_t block)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != pattern(block, i))
            return 0;
    return 1;
}

static int all_zero(const unsigned char* p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

static void test_brk(void)
{
    /* Before malloc has run: the break is where the kernel put it. */
    uintptr_t start = sys_brk(0);
    CHECK(start % 4096 == 0, "brk_starts_page_aligned");
    CHECK(start >= (uintptr_t)end, "brk_starts_after_bss");

    const size_t grow = 1 << 20;
    uintptr_t got = sys_brk(start + grow);
    if (!CHECK(got == start + grow, "brk_grows_1MiB"))
        return;
    unsigned char* p = (unsigned char*)start;
    CHECK(all_zero(p, grow), "brk_memory_starts_zeroed");
    fill(p, grow, 1);
    CHECK(verify(p, grow, 1), "brk_memory_keeps_what_is_written");

    /* An unaligned break is kept as asked; the memory up to the page end stays usable. */
    CHECK(sys_brk(start + 100) == start + 100, "brk_shrinks_to_an_unaligned_address");
    CHECK(verify(p, 100, 1), "brk_shrink_keeps_the_rest");
    CHECK(sys_brk(start + grow) == start + grow, "brk_regrows");
    /* Pages given back and taken again are fresh: zero after the (kept) first page. */
    CHECK(all_zero(p + 4096, grow - 4096), "brk_regrown_pages_are_zero");
    CHECK(verify(p, 100, 1), "brk_regrow_keeps_the_first_page");

    CHECK(sys_brk(start - 4096 * 1024) == start + grow, "brk_below_start_refused");
    CHECK(sys_brk(start) == start, "brk_back_to_start");
}

static void test_mmap(void)
{
    const size_t size = 8 << 20;
    unsigned char* p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!CHECK(p != MAP_FAILED, "mmap_anonymous_8MiB"))
        return;
    CHECK(((uintptr_t)p & 4095) == 0, "mmap_page_aligned");
    CHECK(all_zero(p, size), "mmap_anonymous_zeroed");
    fill(p, size, 2);
    CHECK(verify(p, size, 2), "mmap_keeps_what_is_written");

    /* A hole in the middle, then the halves still hold their data. */
    CHECK(munmap(p + (1 << 20), 1 << 20) == 0, "munmap_middle");
    CHECK(verify(p, 1 << 20, 2), "munmap_keeps_the_low_part");
    int high_ok = 1;
    for (size_t i = 2 << 20; i < size; i++)
        high_ok &= p[i] == pattern(2, i);
    CHECK(high_ok, "munmap_keeps_the_high_part");
    /* The hole can be mapped again, fresh. */
    unsigned char* q
        = mmap(p + (1 << 20), 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    CHECK(q == p + (1 << 20) && all_zero(q, 1 << 20), "mmap_fixed_into_the_hole_is_zero");

    CHECK(mprotect(p, 4096, PROT_READ) == 0, "mprotect_read_only");
    CHECK(p[0] == pattern(2, 0), "mprotect_read_only_still_readable");
    CHECK(mprotect(p, 4096, PROT_READ | PROT_WRITE) == 0, "mprotect_back_to_writable");
    p[0] = 0x5a;
    CHECK(p[0] == 0x5a, "mprotect_writable_again");
    CHECK(munmap(p, size) == 0, "munmap_all");

    CHECK_ERRNO(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? -1 : 0, EINVAL,
        "mmap_length_0_EINVAL");
    CHECK_ERRNO(munmap(t_ptr(4096 + 1), 4096), EINVAL, "munmap_unaligned_EINVAL");
}

static void test_malloc(void)
{
    static const size_t sizes[] = { 1, 16, 24, 100, 1000, 4000, 4096, 4097, 12345, 65536, 100000, 131072,
        140000, 200000, 262144, 1 << 20, (1 << 20) + 1, 3 << 20, 16 << 20, 64 << 20 };
    enum { N = sizeof(sizes) / sizeof(sizes[0]) };
    unsigned char* blocks[N];
    int all_allocated = 1;
    for (size_t b = 0; b < N; b++) {
        blocks[b] = malloc(sizes[b]);
        if (!blocks[b]) {
            all_allocated = 0;
            continue;
        }
        fill(blocks[b], sizes[b], b);
    }
    CHECK(all_allocated, "malloc_1B_to_64MiB");
    int all_verified = 1;
    for (size_t b = 0; b < N; b++)
        if (blocks[b] && !verify(blocks[b], sizes[b], b)) {
            all_verified = 0;
            t_print("# block %zu (%zu bytes) corrupted\n", b, sizes[b]);
        }
    CHECK(all_verified, "malloc_blocks_keep_their_contents");
    int aligned = 1;
    for (size_t b = 0; b < N; b++)
        aligned &= ((uintptr_t)blocks[b] & 15) == 0;
    CHECK(aligned, "malloc_16_byte_aligned");

    /* Free every other block, allocate again in the gaps, and the survivors are untouched. */
    for (size_t b = 0; b < N; b += 2) {
        free(blocks[b]);
        blocks[b] = NULL;
    }
    for (size_t b = 0; b < N; b += 2) {
        blocks[b] = malloc(sizes[b]);
        if (blocks[b])
            fill(blocks[b], sizes[b], b + 1000);
    }
    int survivors = 1, refilled = 1;
    for (size_t b = 0; b < N; b++) {
        if (b % 2)
            survivors &= verify(blocks[b], sizes[b], b);
        else
            refilled &= blocks[b] && verify(blocks[b], sizes[b], b + 1000);
    }
    CHECK(survivors, "free_leaves_other_blocks_alone");
    CHECK(refilled, "malloc_after_free");
    for (size_t b = 0; b < N; b++)
        free(blocks[b]);

    /* realloc keeps the contents while growing across the small/large boundary. */
    unsigned char* r = malloc(1000);
    int realloc_ok = r != NULL;
    if (r)
        fill(r, 1000, 7);
    for (size_t size = 4000; realloc_ok && size <= (32u << 20); size *= 4) {
        unsigned char* n = realloc(r, size);
        if (!n) {
            realloc_ok = 0;
            break;
        }
        r = n;
        realloc_ok &= verify(r, 1000, 7);
    }
    CHECK(realloc_ok, "realloc_grows_keeping_contents");
    free(r);

    /* calloc of memory that was used and freed before is zero all the same. */
    unsigned char* used = malloc(48 << 20);
    if (used) {
        memset(used, 0xff, 48 << 20);
        free(used);
    }
    unsigned char* z = calloc(48 << 20, 1);
    CHECK(z && all_zero(z, 48 << 20), "calloc_48MiB_zero");
    free(z);
    unsigned char* zs = calloc(1000, 10);
    CHECK(zs && all_zero(zs, 10000), "calloc_small_zero");
    free(zs);

    /* Many small allocations: the heap grows through many brk or mmap calls. */
    enum { SMALL = 20000 };
    static unsigned char* small[SMALL];
    int small_ok = 1;
    for (size_t i = 0; i < SMALL; i++) {
        small[i] = malloc(64 + i % 200);
        if (!small[i]) {
            small_ok = 0;
            break;
        }
        fill(small[i], 64 + i % 200, i);
    }
    for (size_t i = 0; small_ok && i < SMALL; i++)
        small_ok &= verify(small[i], 64 + i % 200, i);
    CHECK(small_ok, "20000_small_blocks");
    for (size_t i = 0; i < SMALL; i++)
        free(small[i]);

    errno = 0;
    void* huge = malloc((size_t)1 << 46); /* 64 TiB: more than the user half can give */
    CHECK(huge == NULL && errno == ENOMEM, "malloc_64TiB_fails_ENOMEM");
}

int main(void)
{
    test_brk();
    test_mmap();
    test_malloc();
    return t_exit_status();
}
