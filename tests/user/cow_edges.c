/*
 * cow_edges: the corners of copy-on-write and of shared memory across fork that cow.c leaves
 * out.
 *   - 64 MiB of private anonymous memory, every page touched, isolated both ways;
 *   - a page already copied by the child, forked again by the child: the child's copy is shared
 *     by child and grandchild while the parent's page is its own again; all three write;
 *   - a copy-on-write page unmapped (or replaced by MAP_FIXED) in the parent: the child keeps it;
 *     and unmapped in the child: the parent keeps it;
 *   - mprotect(PROT_READ) before the fork (the child can read, not write; mprotect back to
 *     read-write and write its own copy), and mprotect(PROT_READ) and back after the fork in the
 *     parent (its write is still a copy); PROT_NONE across fork;
 *   - a vfork child of a forked child writes memory it borrows: its vfork parent sees the write,
 *     the original parent, which shares that page copy-on-write, does not;
 *   - MAP_SHARED file mappings across fork (writes seen both ways, and by read() of the file;
 *     write() to the file seen in both mappings; a grandchild too); a shared mapping of a file
 *     open read-only never becomes writable (mprotect EACCES), a private one can; O_APPEND does
 *     not stop a shared writable mapping; a shared file mapping from an offset writes there;
 *   - /dev/zero: MAP_SHARED is shared across fork, MAP_PRIVATE is not; pieces of one shared
 *     anonymous object (its middle unmapped) stay shared piece by piece in a child;
 *   - MAP_PRIVATE file mappings: a write() to the file shows in both processes while neither
 *     has written the page, and only in the processes that have not;
 *   - the kernel's own stores (read() into a buffer) copy a shared page or the zero page first;
 *   - madvise: MADV_DONTFORK and MADV_WIPEONFORK on one page in the middle of a region (the
 *     region is split: only that page is absent / zero in the child); MADV_DONTFORK on shared
 *     memory; MADV_WIPEONFORK on private and shared file mappings is EINVAL; MADV_DONTNEED on a
 *     shared file mapping and on shared anonymous memory keeps the data, on private anonymous
 *     memory zero-fills (PROT_NONE pages too); a range with a hole is ENOMEM but still
 *     applied; bad advice and unaligned addresses are EINVAL; MADV_FREE only on private anonymous
 *     memory (EINVAL elsewhere), MADV_REMOVE not on private memory (EINVAL, EACCES).
 *
 * Children never print: each returns 0, or the number of the first step that went wrong.
 */
#include "t_cow.h"
#include <fcntl.h>
#include <sys/resource.h>

#define HUGE_REGION (64L << 20)

struct shared {
    int child_wrote;
    int parent_wrote;
    int grandchild_wrote;
    int step;
};

static struct shared* sh;

static void reset_flags(void)
{
    t_flag_set(&sh->child_wrote, 0);
    t_flag_set(&sh->parent_wrote, 0);
    t_flag_set(&sh->grandchild_wrote, 0);
    t_flag_set(&sh->step, 0);
}

static volatile char* map_anon(long len)
{
    volatile char* p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        t_print("not ok mmap\n#   mmap of %ld bytes: %s\n", len, t_errname(errno));
        exit(1);
    }
    return p;
}

/* 64 MiB, every byte written by the parent; the child checks, then writes a byte per page; the
 * parent, after that, checks it still has its own bytes and writes its own; the child checks
 * again. */
static void huge_region(void)
{
    volatile char* p = map_anon(HUGE_REGION);
    fill(p, HUGE_REGION, 'P');
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!holds(p, HUGE_REGION, 'P'))
            _exit(1);
        touch(p, HUGE_REGION, 'c');
        if (!holds_touched(p, HUGE_REGION, 'P', 'c'))
            _exit(2);
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        _exit(holds_touched(p, HUGE_REGION, 'P', 'c') ? 0 : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(holds(p, HUGE_REGION, 'P'), "anon_64_MiB_child_write_not_seen_by_parent");
    touch(p, HUGE_REGION, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "anon_64_MiB_parent_write_not_seen_by_child");
    CHECK(holds_touched(p, HUGE_REGION, 'P', 'p'), "anon_64_MiB_parent_keeps_its_writes");
    munmap((void*)p, HUGE_REGION);
}

/*
 * The child writes first (its own copy; the parent's page is then the parent's alone), then
 * forks: the child's copy is shared by child and grandchild. The parent writes (no one else has
 * its page), the grandchild writes (a copy of the child's copy), the child writes again (its page
 * is its own again). Everyone checks everything at the end.
 */
static void fork_of_a_copied_page(void)
{
    volatile char* p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        fill(p, 2 * PAGE, 'c');
        pid_t g = t_fork();
        if (g == 0) {
            if (!holds(p, 2 * PAGE, 'c'))
                _exit(1);
            t_flag_wait(&sh->parent_wrote, 1);
            if (!holds(p, 2 * PAGE, 'c'))
                _exit(2);
            touch(p, 2 * PAGE, 'g');
            t_flag_set(&sh->grandchild_wrote, 1);
            t_flag_wait(&sh->step, 1);
            _exit(holds_touched(p, 2 * PAGE, 'c', 'g') ? 0 : 3);
        }
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->grandchild_wrote, 1);
        if (!holds(p, 2 * PAGE, 'c'))
            _exit(10); /* the grandchild's write leaked into the child */
        touch(p, 2 * PAGE, 'C');
        t_flag_set(&sh->step, 1);
        int s = t_wait(g);
        if (s == -1 || !WIFEXITED(s))
            _exit(20);
        if (WEXITSTATUS(s))
            _exit(20 + WEXITSTATUS(s));
        _exit(holds_touched(p, 2 * PAGE, 'c', 'C') ? 0 : 11);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    int before = holds(p, 2 * PAGE, 'P');
    touch(p, 2 * PAGE, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "copied_page_forked_again_child_and_grandchild_isolated");
    CHECK(before && holds_touched(p, 2 * PAGE, 'P', 'p'), "copied_page_forked_again_parent_isolated");
    munmap((void*)p, 2 * PAGE);
}

/* A page shared copy-on-write, then unmapped by one side: the other keeps its data. */
static void unmap_after_fork(void)
{
    /* The parent unmaps one page of three, then maps a new page over another (MAP_FIXED). */
    volatile char* p = map_anon(3 * PAGE);
    fill(p, 3 * PAGE, 'P');
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        t_flag_wait(&sh->parent_wrote, 1);
        if (!holds(p, 3 * PAGE, 'P'))
            _exit(1);
        touch(p, 3 * PAGE, 'c');
        _exit(holds_touched(p, 3 * PAGE, 'P', 'c') ? 0 : 2);
    }
    int unmapped = munmap((void*)(p + PAGE), PAGE) == 0;
    volatile char* q
        = mmap((void*)(p + 2 * PAGE), PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    int replaced = q == p + 2 * PAGE && q[0] == 0 && q[PAGE - 1] == 0;
    if (replaced)
        q[0] = 'X';
    t_flag_set(&sh->parent_wrote, 1);
    CHECK(unmapped && replaced, "cow_pages_unmapped_and_replaced_in_parent");
    CHECK_EXITED(t_wait(pid), 0, "cow_pages_unmapped_in_parent_child_keeps_them");
    CHECK(holds(p, PAGE, 'P') && q[0] == 'X', "cow_pages_parent_keeps_the_rest");
    munmap((void*)p, 3 * PAGE);

    /* The child unmaps everything and exits; the parent's pages are its own again. */
    p = map_anon(3 * PAGE);
    fill(p, 3 * PAGE, 'P');
    pid = t_fork();
    if (pid == 0)
        _exit(munmap((void*)p, 3 * PAGE) == 0 ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "cow_pages_unmapped_in_child");
    CHECK(holds(p, 3 * PAGE, 'P'), "cow_pages_unmapped_in_child_parent_keeps_them");
    touch(p, 3 * PAGE, 'p');
    CHECK(holds_touched(p, 3 * PAGE, 'P', 'p'), "cow_pages_parent_writes_after_child_unmapped");
    munmap((void*)p, 3 * PAGE);
}

static void mprotect_across_fork(void)
{
    /* Read-only before the fork: the child reads, a write kills it. */
    volatile char* p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    CHECK_EQ(mprotect((void*)p, 2 * PAGE, PROT_READ), 0, "mprotect_read_only_before_fork");
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!holds(p, 2 * PAGE, 'P'))
            _exit(1);
        p[10] = 'c';
        _exit(2);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "read_only_in_child_write_SIGSEGV");

    /* The child makes it writable again and writes: its own copy. */
    reset_flags();
    pid = t_fork();
    if (pid == 0) {
        if (mprotect((void*)p, 2 * PAGE, PROT_READ | PROT_WRITE) != 0)
            _exit(1);
        touch(p, 2 * PAGE, 'c');
        if (!holds_touched(p, 2 * PAGE, 'P', 'c'))
            _exit(2);
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        _exit(holds_touched(p, 2 * PAGE, 'P', 'c') ? 0 : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(holds(p, 2 * PAGE, 'P'), "read_write_again_in_child_write_not_seen_by_parent");
    CHECK_EQ(mprotect((void*)p, 2 * PAGE, PROT_READ | PROT_WRITE), 0, "mprotect_read_write_in_parent");
    touch(p, 2 * PAGE, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "read_write_again_in_parent_write_not_seen_by_child");
    CHECK(holds_touched(p, 2 * PAGE, 'P', 'p'), "read_write_again_parent_keeps_its_write");
    munmap((void*)p, 2 * PAGE);

    /* Writable at fork; the parent goes read-only and back, then writes: still a copy. */
    p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    reset_flags();
    pid = t_fork();
    if (pid == 0) {
        t_flag_wait(&sh->parent_wrote, 1);
        if (!holds(p, 2 * PAGE, 'P'))
            _exit(1);
        touch(p, 2 * PAGE, 'c');
        _exit(holds_touched(p, 2 * PAGE, 'P', 'c') ? 0 : 2);
    }
    int ok = mprotect((void*)p, 2 * PAGE, PROT_READ) == 0 && holds(p, 2 * PAGE, 'P')
        && mprotect((void*)p, 2 * PAGE, PROT_READ | PROT_WRITE) == 0;
    touch(p, 2 * PAGE, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    CHECK(ok, "mprotect_read_only_and_back_after_fork");
    CHECK_EXITED(t_wait(pid), 0, "mprotect_back_after_fork_parent_write_not_seen_by_child");
    CHECK(holds_touched(p, 2 * PAGE, 'P', 'p'), "mprotect_back_after_fork_parent_keeps_its_write");
    munmap((void*)p, 2 * PAGE);

    /* PROT_NONE across the fork: the data is there when the child opens it up again. */
    p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    CHECK_EQ(mprotect((void*)p, 2 * PAGE, PROT_NONE), 0, "mprotect_none_before_fork");
    pid = t_fork();
    if (pid == 0) {
        (void)p[PAGE + 3];
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "prot_none_read_in_child_SIGSEGV");
    pid = t_fork();
    if (pid == 0) {
        if (mprotect((void*)p, 2 * PAGE, PROT_READ | PROT_WRITE) != 0)
            _exit(1);
        if (!holds(p, 2 * PAGE, 'P'))
            _exit(2);
        fill(p, 2 * PAGE, 'c');
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "prot_none_child_opens_it_and_reads_data");
    CHECK(mprotect((void*)p, 2 * PAGE, PROT_READ) == 0 && holds(p, 2 * PAGE, 'P'), "prot_none_child_write_not_seen");
    munmap((void*)p, 2 * PAGE);
}

/* A forked child vforks; the vfork child writes the child's memory (a copy-on-write page shared
 * with the original parent) and exits. Its vfork parent sees the write, the original parent not. */
static char vfork_area[2 * PAGE];

static void vfork_in_a_forked_child(void)
{
    fill(vfork_area, sizeof(vfork_area), 'P');
    pid_t pid = t_fork();
    if (pid == 0) {
        pid_t v = vfork();
        if (v < 0)
            _exit(1);
        if (v == 0) {
            touch(vfork_area, sizeof(vfork_area), 'v');
            _exit(0);
        }
        int s = t_wait(v);
        if (s == -1 || !WIFEXITED(s) || WEXITSTATUS(s) != 0)
            _exit(2);
        _exit(holds_touched(vfork_area, sizeof(vfork_area), 'P', 'v') ? 0 : 3);
    }
    CHECK_EXITED(t_wait(pid), 0, "vfork_child_write_seen_by_its_forked_parent");
    CHECK(holds(vfork_area, sizeof(vfork_area), 'P'), "vfork_child_write_not_seen_by_grandparent");
}

static int make_file(const char* path, long len, char w)
{
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    char block[PAGE];
    for (long i = 0; i < len; i += PAGE) {
        memset(block, pattern(w, i), PAGE);
        if (write(fd, block, PAGE) != PAGE)
            return -1;
    }
    return fd;
}

static char file_byte(int fd, long at)
{
    char c = 0;
    return pread(fd, &c, 1, at) == 1 ? c : -1;
}

static void shared_file(void)
{
    int fd = make_file("/tmp/cow_shared_file", 2 * PAGE, 'F');
    volatile char* p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(fd >= 0 && p != MAP_FAILED, "shared_file_mmap");
    if (p == MAP_FAILED)
        return;
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!holds(p, 2 * PAGE, 'F'))
            _exit(1);
        touch(p, 2 * PAGE, 'c');
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        if (p[10] != 'p' || p[PAGE + 10] != 'w')
            _exit(2); /* the parent's store and its write() */
        pid_t g = t_fork();
        if (g == 0) {
            p[20] = 'g';
            _exit(0);
        }
        _exit(t_wait(g) == 0 && p[20] == 'g' ? 0 : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(holds_touched(p, 2 * PAGE, 'F', 'c'), "shared_file_child_store_seen_by_parent");
    CHECK(file_byte(fd, PAGE / 2) == pattern('c', 0) && file_byte(fd, PAGE + PAGE / 2) == pattern('c', PAGE),
        "shared_file_child_store_in_the_file");
    p[10] = 'p';
    CHECK_EQ(pwrite(fd, "w", 1, PAGE + 10), 1, "shared_file_pwrite");
    CHECK(p[PAGE + 10] == 'w', "shared_file_pwrite_seen_in_parent_mapping");
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "shared_file_parent_writes_seen_by_child_and_grandchild");
    CHECK(p[20] == 'g' && file_byte(fd, 20) == 'g', "shared_file_grandchild_store_seen_by_parent_and_file");

    /* MADV_DONTNEED on a shared file mapping drops the mapping, not the data. */
    CHECK_EQ(madvise((void*)p, 2 * PAGE, MADV_DONTNEED), 0, "shared_file_madvise_DONTNEED");
    CHECK(p[10] == 'p' && p[20] == 'g' && p[PAGE + 10] == 'w' && p[PAGE / 2] == pattern('c', 0),
        "shared_file_DONTNEED_data_comes_back_from_the_file");
    CHECK_ERRNO(madvise((void*)p, PAGE, MADV_WIPEONFORK), EINVAL, "shared_file_WIPEONFORK_EINVAL");
    munmap((void*)p, 2 * PAGE);
    close(fd);
}

/* A file open read-only: a shared mapping of it can never become writable (mprotect EACCES, in
 * a forked child too), a private one can (its writes stay private). */
static void readonly_file_mappings(void)
{
    int w = make_file("/tmp/cow_readonly_file", PAGE, 'F');
    close(w);
    int fd = open("/tmp/cow_readonly_file", O_RDONLY);
    volatile char* s = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    volatile char* p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    CHECK(fd >= 0 && s != MAP_FAILED && p != MAP_FAILED, "readonly_file_mmap");
    if (s == MAP_FAILED || p == MAP_FAILED)
        return;
    CHECK(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED && errno == EACCES,
        "readonly_file_shared_writable_mmap_EACCES");
    CHECK_ERRNO(mprotect((void*)s, PAGE, PROT_READ | PROT_WRITE), EACCES, "readonly_file_shared_mprotect_write_EACCES");
    CHECK_EQ(mprotect((void*)s, PAGE, PROT_READ | PROT_EXEC), 0, "readonly_file_shared_mprotect_exec_ok");
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(mprotect((void*)s, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "readonly_file_shared_mprotect_write_EACCES_in_child");
    CHECK_EQ(mprotect((void*)p, PAGE, PROT_READ | PROT_WRITE), 0, "readonly_file_private_mprotect_write_ok");
    p[0] = 'p';
    CHECK(p[0] == 'p' && s[0] == pattern('F', 0) && file_byte(fd, 0) == pattern('F', 0),
        "readonly_file_private_write_stays_private");
    munmap((void*)s, PAGE);
    munmap((void*)p, PAGE);
    close(fd);

    /* O_APPEND is no obstacle to a shared writable mapping (only an append-only inode is). */
    fd = open("/tmp/cow_readonly_file", O_RDWR | O_APPEND);
    s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(s != MAP_FAILED, "append_file_shared_writable_mmap");
    if (s != MAP_FAILED) {
        s[1] = 'a';
        CHECK(file_byte(fd, 1) == 'a', "append_file_shared_store_in_the_file");
        munmap((void*)s, PAGE);
    }
    close(fd);
}

/* /dev/zero: MAP_SHARED is shared anonymous memory (one object for parent and child), MAP_PRIVATE
 * private anonymous memory. */
static void dev_zero(void)
{
    int fd = open("/dev/zero", O_RDWR);
    volatile char* s = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    volatile char* p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    CHECK(s != MAP_FAILED && p != MAP_FAILED, "dev_zero_mmap");
    if (s == MAP_FAILED || p == MAP_FAILED)
        return;
    p[0] = 'P';
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!is_zero(s, 2 * PAGE) || p[0] != 'P')
            _exit(1);
        s[PAGE + 1] = 'c';
        p[0] = 'c';
        p[PAGE] = 'c';
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "dev_zero_child_reads_zero");
    CHECK(s[PAGE + 1] == 'c', "dev_zero_shared_child_store_seen_by_parent");
    CHECK(p[0] == 'P' && p[PAGE] == 0, "dev_zero_private_child_store_not_seen");
    munmap((void*)s, 2 * PAGE);
    munmap((void*)p, 2 * PAGE);
}

/* Pieces of one shared object: the middle page unmapped, then fork. Each remaining piece still
 * maps its own part of the object, in the child as in the parent. */
static void shared_pieces(void)
{
    volatile char* s = t_shared(3 * PAGE);
    CHECK_EQ(munmap((void*)(s + PAGE), PAGE), 0, "shared_unmap_middle_page");
    pid_t pid = t_fork();
    if (pid == 0) {
        s[2 * PAGE + 7] = 'c';
        s[7] = 'C';
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "shared_pieces_child_stores");
    CHECK(s[2 * PAGE + 7] == 'c' && s[7] == 'C', "shared_pieces_stores_seen_at_the_same_places");
    munmap((void*)s, PAGE);
    munmap((void*)(s + 2 * PAGE), PAGE);

    /* A shared file mapping from an offset: the child's store lands at that offset of the file. */
    int fd = make_file("/tmp/cow_offset_file", 3 * PAGE, 'F');
    volatile char* m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 2 * PAGE);
    CHECK(m != MAP_FAILED && m[0] == pattern('F', 2 * PAGE), "shared_file_at_offset_mmap");
    pid = t_fork();
    if (pid == 0) {
        m[9] = 'c';
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "shared_file_at_offset_child_store");
    CHECK(file_byte(fd, 2 * PAGE + 9) == 'c' && file_byte(fd, 9) == pattern('F', 0),
        "shared_file_at_offset_store_at_that_offset");
    munmap((void*)m, PAGE);
    close(fd);
}

/* PROT_NONE pages dropped by MADV_DONTNEED come back zero-filled when opened up again. */
static void prot_none_dontneed(void)
{
    volatile char* p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    int ok = mprotect((void*)p, 2 * PAGE, PROT_NONE) == 0 && madvise((void*)p, PAGE, MADV_DONTNEED) == 0
        && mprotect((void*)p, 2 * PAGE, PROT_READ) == 0;
    CHECK(ok && is_zero(p, PAGE) && holds(p + PAGE, PAGE, 'P' + 1), "prot_none_DONTNEED_zero_filled");
    munmap((void*)p, 2 * PAGE);
}

/* MAP_PRIVATE of a file, three pages, nobody writes before the fork (the parent only reads page
 * 0). A write() to the file shows in every process that has not written that page itself. */
static void private_file_follows_the_file(void)
{
    int fd = make_file("/tmp/cow_private_file", 3 * PAGE, 'F');
    volatile char* p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(fd >= 0 && p != MAP_FAILED, "private_file_mmap");
    if (p == MAP_FAILED)
        return;
    int read_before = p[0] == pattern('F', 0);
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        t_flag_wait(&sh->step, 1);
        /* Pages 0 and 1 were written to the file; nobody stored into the mapping. */
        if (p[5] != 'A' || p[PAGE + 5] != 'B')
            _exit(1);
        p[PAGE + 6] = 'c'; /* page 1: now the child's copy */
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->step, 2);
        /* The file changed again: page 0 (untouched) follows it, page 1 (copied) does not, page
         * 2 (never touched before) shows the file as it is now. */
        if (p[7] != 'D')
            _exit(2);
        if (p[PAGE + 7] != pattern('F', PAGE) || p[PAGE + 5] != 'B' || p[PAGE + 6] != 'c')
            _exit(3);
        if (p[2 * PAGE + 7] != 'E' || p[2 * PAGE + 8] != 'H')
            _exit(4); /* the file as it is now, not the parent's copy */
        _exit(0);
    }
    CHECK(read_before, "private_file_parent_read_page_0");
    CHECK(pwrite(fd, "A", 1, 5) == 1 && pwrite(fd, "B", 1, PAGE + 5) == 1, "private_file_pwrite_pages_0_and_1");
    CHECK(p[5] == 'A' && p[PAGE + 5] == 'B', "private_file_untouched_pages_follow_the_file_in_parent");
    t_flag_set(&sh->step, 1);
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(p[PAGE + 6] == pattern('F', PAGE), "private_file_child_store_not_seen_by_parent");
    CHECK(file_byte(fd, PAGE + 6) == pattern('F', PAGE), "private_file_child_store_not_in_the_file");
    p[2 * PAGE + 8] = 'p'; /* page 2: the parent's copy, made before the file changes */
    CHECK(pwrite(fd, "D", 1, 7) == 1 && pwrite(fd, "E", 1, 2 * PAGE + 7) == 1 && pwrite(fd, "H", 1, PAGE + 7) == 1
            && pwrite(fd, "H", 1, 2 * PAGE + 8) == 1,
        "private_file_pwrite_again");
    CHECK(p[7] == 'D' && p[PAGE + 7] == 'H', "private_file_parent_follows_the_file_where_it_never_stored");
    CHECK(p[2 * PAGE + 7] == pattern('F', 2 * PAGE) && p[2 * PAGE + 8] == 'p',
        "private_file_parent_copy_does_not_follow_the_file");
    t_flag_set(&sh->step, 2);
    CHECK_EXITED(t_wait(pid), 0, "private_file_child_follows_the_file_where_it_never_stored");
    CHECK_ERRNO(madvise((void*)p, PAGE, MADV_WIPEONFORK), EINVAL, "private_file_WIPEONFORK_EINVAL");
    munmap((void*)p, 3 * PAGE);
    close(fd);
}

/* The kernel's own stores into user memory (read() into a buffer) obey copy-on-write as the
 * program's do: into a page shared with the other process, and into untouched memory that was
 * only read (the shared zero page), in the child and in the parent. */
static void kernel_writes_into_cow_pages(void)
{
    int fd = make_file("/tmp/cow_read_source", PAGE, 'R');
    volatile char* p = map_anon(4 * PAGE);
    fill(p, 2 * PAGE, 'P'); /* pages 0, 1: the parent's data; pages 2, 3: only read (zero page) */
    int zero_before = is_zero(p + 2 * PAGE, 2 * PAGE);
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (pread(fd, (char*)p + 100, 10, 0) != 10 || pread(fd, (char*)p + 2 * PAGE + 100, 10, 0) != 10)
            _exit(1);
        if (p[100] != pattern('R', 0) || p[2 * PAGE + 100] != pattern('R', 0) || p[2 * PAGE + 99] != 0)
            _exit(2);
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        if (p[PAGE + 100] != pattern('P', PAGE) || p[3 * PAGE + 100] != 0)
            _exit(3);
        _exit(p[100] == pattern('R', 0) && p[2 * PAGE + 100] == pattern('R', 0) ? 0 : 4);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(zero_before && holds(p, 2 * PAGE, 'P') && is_zero(p + 2 * PAGE, 2 * PAGE),
        "read_into_cow_pages_in_child_not_seen_by_parent");
    int n = pread(fd, (char*)p + PAGE + 100, 10, 0) + pread(fd, (char*)p + 3 * PAGE + 100, 10, 0);
    t_flag_set(&sh->parent_wrote, 1);
    CHECK(n == 20 && p[PAGE + 100] == pattern('R', 0) && p[3 * PAGE + 100] == pattern('R', 0),
        "read_into_cow_pages_in_parent");
    CHECK_EXITED(t_wait(pid), 0, "read_into_cow_pages_in_parent_not_seen_by_child");
    /* A fresh mapping reads zero: the zero page was never written through. */
    volatile char* z = map_anon(PAGE);
    CHECK(is_zero(z, PAGE) && z[100] == 0 && z[101] == 0, "zero_page_still_zero");
    munmap((void*)z, PAGE);
    munmap((void*)p, 4 * PAGE);
    close(fd);
}

/* MADV_DONTFORK and MADV_WIPEONFORK on the middle page of three: the region is split, the advice
 * holds for that page only. MADV_DONTFORK on shared memory leaves it out of the child too. */
static void madvise_split(void)
{
    volatile char* p = map_anon(3 * PAGE);
    fill(p, 3 * PAGE, 'P');
    CHECK_EQ(madvise((void*)(p + PAGE), PAGE, MADV_DONTFORK), 0, "madvise_DONTFORK_middle_page");
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(holds(p, PAGE, 'P') && p[2 * PAGE] == pattern('P', 2 * PAGE) ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "DONTFORK_middle_page_neighbours_inherited");
    pid = t_fork();
    if (pid == 0) {
        (void)p[PAGE + 1];
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "DONTFORK_middle_page_absent_in_child");
    CHECK(holds(p, 3 * PAGE, 'P'), "DONTFORK_middle_page_parent_keeps_all");
    munmap((void*)p, 3 * PAGE);

    p = map_anon(3 * PAGE);
    fill(p, 3 * PAGE, 'P');
    CHECK_EQ(madvise((void*)(p + PAGE), PAGE, MADV_WIPEONFORK), 0, "madvise_WIPEONFORK_middle_page");
    pid = t_fork();
    if (pid == 0) {
        if (!holds(p, PAGE, 'P') || p[2 * PAGE + 9] != pattern('P', 2 * PAGE))
            _exit(1);
        if (!is_zero(p + PAGE, PAGE))
            _exit(2);
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "WIPEONFORK_middle_page_only_that_page_zero");
    CHECK(holds(p, 3 * PAGE, 'P'), "WIPEONFORK_middle_page_parent_keeps_all");
    munmap((void*)p, 3 * PAGE);

    volatile char* s = t_shared(PAGE);
    s[0] = 'S';
    CHECK_EQ(madvise((void*)s, PAGE, MADV_DONTFORK), 0, "madvise_DONTFORK_shared");
    pid = t_fork();
    if (pid == 0) {
        (void)s[0];
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "DONTFORK_shared_absent_in_child");
    CHECK(s[0] == 'S', "DONTFORK_shared_parent_keeps_it");
    munmap((void*)s, PAGE);
}

/* MADV_DONTNEED: private anonymous memory refaults zero-filled; shared anonymous memory keeps its
 * data (the shared object holds the pages, only this mapping of them goes). */
static void madvise_dontneed(void)
{
    volatile char* p = map_anon(2 * PAGE);
    fill(p, 2 * PAGE, 'P');
    CHECK_EQ(madvise((void*)p, 2 * PAGE, MADV_DONTNEED), 0, "madvise_DONTNEED_private_anon");
    CHECK(is_zero(p, 2 * PAGE), "DONTNEED_private_anon_zero_filled");
    fill(p, 2 * PAGE, 'Q');
    CHECK(holds(p, 2 * PAGE, 'Q'), "DONTNEED_private_anon_writable_again");
    munmap((void*)p, 2 * PAGE);

    volatile char* s = t_shared(2 * PAGE);
    fill(s, 2 * PAGE, 'S');
    pid_t pid = t_fork();
    if (pid == 0) {
        if (madvise((void*)s, 2 * PAGE, MADV_DONTNEED) != 0)
            _exit(1);
        if (!holds(s, 2 * PAGE, 'S'))
            _exit(2);
        s[1] = 'c';
        _exit(0);
    }
    CHECK_EXITED(t_wait(pid), 0, "DONTNEED_shared_anon_keeps_data_in_child");
    CHECK(s[1] == 'c', "DONTNEED_shared_anon_still_shared");
    CHECK_EQ(madvise((void*)s, 2 * PAGE, MADV_DONTNEED), 0, "madvise_DONTNEED_shared_anon");
    CHECK(s[1] == 'c' && s[PAGE] == pattern('S', PAGE), "DONTNEED_shared_anon_keeps_data");
    munmap((void*)s, 2 * PAGE);
}

static void madvise_errors(void)
{
    volatile char* p = map_anon(3 * PAGE);
    fill(p, 3 * PAGE, 'P');
    CHECK_EQ(munmap((void*)(p + PAGE), PAGE), 0, "munmap_a_hole");
    /* A hole in the range: ENOMEM, but the mapped parts got the advice. */
    CHECK_ERRNO(madvise((void*)p, 3 * PAGE, MADV_DONTNEED), ENOMEM, "DONTNEED_over_a_hole_ENOMEM");
    CHECK(is_zero(p, PAGE) && is_zero(p + 2 * PAGE, PAGE), "DONTNEED_over_a_hole_applied_around_it");
    fill(p, PAGE, 'P');
    CHECK_ERRNO(madvise((void*)p, 3 * PAGE, MADV_DONTFORK), ENOMEM, "DONTFORK_over_a_hole_ENOMEM");
    pid_t pid = t_fork();
    if (pid == 0) {
        (void)p[0];
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "DONTFORK_over_a_hole_applied");
    CHECK_ERRNO(madvise((void*)(p + 1), PAGE, MADV_DONTFORK), EINVAL, "madvise_unaligned_EINVAL");

    /* MADV_FREE is for private anonymous memory; a store after it sticks. MADV_REMOVE needs a
     * shared, writable backing object. */
    CHECK_EQ(madvise((void*)p, PAGE, MADV_FREE), 0, "madvise_FREE_private_anon");
    p[5] = 'f';
    CHECK(p[5] == 'f', "FREE_then_store_sticks");
    volatile char* s = t_shared(PAGE);
    CHECK_ERRNO(madvise((void*)s, PAGE, MADV_FREE), EINVAL, "madvise_FREE_shared_EINVAL");
    munmap((void*)s, PAGE);
    CHECK_ERRNO(madvise((void*)p, PAGE, MADV_REMOVE), EINVAL, "madvise_REMOVE_private_anon_EINVAL");
    int fd = make_file("/tmp/cow_remove_file", PAGE, 'F');
    volatile char* f = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK_ERRNO(madvise((void*)f, PAGE, MADV_FREE), EINVAL, "madvise_FREE_file_EINVAL");
    CHECK_ERRNO(madvise((void*)f, PAGE, MADV_REMOVE), EACCES, "madvise_REMOVE_private_file_EACCES");
    munmap((void*)f, PAGE);
    close(fd);
    CHECK_ERRNO(madvise((void*)p, PAGE, 9999), EINVAL, "madvise_unknown_advice_EINVAL");
    CHECK_EQ(madvise((void*)p, 0, MADV_DONTFORK), 0, "madvise_length_0_is_0");
    munmap((void*)p, 3 * PAGE);
}

int main(void)
{
    sh = t_shared(sizeof(*sh));
    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);

    huge_region();
    fork_of_a_copied_page();
    unmap_after_fork();
    mprotect_across_fork();
    vfork_in_a_forked_child();
    kernel_writes_into_cow_pages();
    shared_file();
    readonly_file_mappings();
    dev_zero();
    shared_pieces();
    prot_none_dontneed();
    private_file_follows_the_file();
    madvise_split();
    madvise_dontneed();
    madvise_errors();
    return t_exit_status();
}
