/*
 * cow: copy-on-write isolation after fork, both ways. For each kind of private memory (an
 * anonymous mapping of 1 page and of 16 MiB, malloc'd heap, the stack, initialized data, .bss,
 * a MAP_PRIVATE file mapping, untouched memory backed by the zero page, the brk area) the child
 * first sees what the parent had; then what one writes the other never sees, whether the child
 * or the parent writes first, while both are alive. A page already copy-on-write is shared by a
 * third process after a second fork (a grandchild), and each of the three writes its own copy.
 * MAP_SHARED anonymous memory stays shared both ways. The fork-related madvise advice:
 * MADV_DONTFORK (the child has no mapping there: touching it is SIGSEGV), MADV_DOFORK undoing it,
 * MADV_WIPEONFORK (the child reads zeros, the parent keeps its data; EINVAL on shared memory),
 * MADV_KEEPONFORK undoing it, MADV_DONTNEED in the child or the parent after fork.
 *
 * Children never print: each returns 0, or the number of the first step that went wrong.
 */
#include "t_cow.h"
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define BIG (16L << 20)

struct shared {
    int child_wrote;
    int parent_wrote;
    int grandchild_wrote;
};

static struct shared* sh;

static char data_area[3 * PAGE] = { 'd' };
static char bss_area[3 * PAGE];

static void reset_flags(void)
{
    t_flag_set(&sh->child_wrote, 0);
    t_flag_set(&sh->parent_wrote, 0);
    t_flag_set(&sh->grandchild_wrote, 0);
}

/*
 * The region holds fill(.., 'P') in the parent. fork; if child_first, the child writes 'c' into
 * every page, then the parent checks it still has 'P' and writes 'p'; otherwise the other way
 * round. Each side then checks that it sees only its own writes.
 */
static void isolation(const char* what, volatile char* p, long len, int child_first)
{
    char name[96];
    reset_flags();
    fill(p, len, 'P');
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!holds(p, len, 'P'))
            _exit(1);
        if (!child_first)
            t_flag_wait(&sh->parent_wrote, 1);
        if (!holds(p, len, 'P'))
            _exit(2); /* the parent's write leaked into the child */
        touch(p, len, 'c');
        if (!holds_touched(p, len, 'P', 'c'))
            _exit(3);
        t_flag_set(&sh->child_wrote, 1);
        if (child_first)
            t_flag_wait(&sh->parent_wrote, 1);
        if (!holds_touched(p, len, 'P', 'c'))
            _exit(4); /* the parent's later write leaked into the child */
        _exit(0);
    }
    if (child_first)
        t_flag_wait_child(&sh->child_wrote, 1, pid);
    int before = holds(p, len, 'P');
    touch(p, len, 'p');
    int after = holds_touched(p, len, 'P', 'p');
    t_flag_set(&sh->parent_wrote, 1);
    int status = t_wait(pid);
    int at_end = holds_touched(p, len, 'P', 'p');
    const char* order = child_first ? "child_writes_first" : "parent_writes_first";
    snprintf(name, sizeof(name), "%s_%s_child_isolated", what, order);
    CHECK_EXITED(status, 0, name);
    snprintf(name, sizeof(name), "%s_%s_parent_isolated", what, order);
    CHECK(before && after && at_end, name);
}

static void both_orders(const char* what, volatile char* p, long len)
{
    isolation(what, p, len, 1);
    isolation(what, p, len, 0);
}

/*
 * A page shared copy-on-write by three: the parent forks a child, which forks a grandchild before
 * anyone writes. Then the child writes, the grandchild checks and writes, the parent checks and
 * writes; each sees its own bytes only. The child is the last to check.
 */
static void grandchild(const char* what, volatile char* p, long len)
{
    char name[96];
    reset_flags();
    fill(p, len, 'P');
    pid_t pid = t_fork();
    if (pid == 0) {
        pid_t g = t_fork();
        if (g == 0) {
            t_flag_wait(&sh->child_wrote, 1);
            if (!holds(p, len, 'P'))
                _exit(1);
            touch(p, len, 'g');
            if (!holds_touched(p, len, 'P', 'g'))
                _exit(2);
            t_flag_set(&sh->grandchild_wrote, 1);
            t_flag_wait(&sh->parent_wrote, 1);
            _exit(holds_touched(p, len, 'P', 'g') ? 0 : 3);
        }
        touch(p, len, 'c');
        t_flag_set(&sh->child_wrote, 1);
        int s = t_wait(g);
        if (s == -1 || !WIFEXITED(s))
            _exit(20);
        if (WEXITSTATUS(s))
            _exit(20 + WEXITSTATUS(s));
        _exit(holds_touched(p, len, 'P', 'c') ? 0 : 10);
    }
    t_flag_wait_child(&sh->grandchild_wrote, 1, pid);
    int before = holds(p, len, 'P');
    touch(p, len, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    int status = t_wait(pid);
    snprintf(name, sizeof(name), "%s_second_fork_child_and_grandchild_isolated", what);
    CHECK_EXITED(status, 0, name);
    snprintf(name, sizeof(name), "%s_second_fork_parent_isolated", what);
    CHECK(before && holds_touched(p, len, 'P', 'p'), name);
}

/* MAP_SHARED | MAP_ANONYMOUS: one memory for parent, child and grandchild. */
static void shared_anonymous(void)
{
    volatile char* p = t_shared(2 * PAGE);
    reset_flags();
    fill(p, 2 * PAGE, 'P');
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!holds(p, 2 * PAGE, 'P'))
            _exit(1);
        touch(p, 2 * PAGE, 'c');
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        if (!holds_touched(p, 2 * PAGE, 'P', 'p'))
            _exit(2);
        pid_t g = t_fork();
        if (g == 0) {
            p[0] = 'G';
            _exit(0);
        }
        int s = t_wait(g);
        _exit(s == 0 && p[0] == 'G' ? 0 : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(holds_touched(p, 2 * PAGE, 'P', 'c'), "shared_anonymous_child_write_seen_by_parent");
    touch(p, 2 * PAGE, 'p');
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "shared_anonymous_parent_write_seen_by_child_and_grandchild");
    CHECK(p[0] == 'G', "shared_anonymous_grandchild_write_seen_by_parent");
    munmap((void*)p, 2 * PAGE);
}

/* MAP_PRIVATE of a file: pages the parent copied before the fork and pages still backed by the
 * file both become the child's own on write; the file never changes; a page nobody wrote keeps
 * following the file in both. */
static void private_file(void)
{
    int fd = open("/tmp/cow_file", O_CREAT | O_TRUNC | O_RDWR, 0644);
    char block[3 * PAGE];
    for (long i = 0; i < 3 * PAGE; i++)
        block[i] = pattern('F', i);
    CHECK_EQ(write(fd, block, sizeof(block)), sizeof(block), "private_file_write_three_pages");
    volatile char* p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(p != MAP_FAILED, "private_file_mmap");
    if (p == MAP_FAILED)
        return;
    p[10] = 'P'; /* page 0: the parent's private copy before the fork */
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (p[10] != 'P' || p[PAGE + 10] != pattern('F', PAGE))
            _exit(1);
        p[20] = 'c'; /* page 0: copy of the parent's copy */
        p[PAGE + 20] = 'c'; /* page 1: copy of the file's page */
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        if (p[10] != 'P' || p[20] != 'c' || p[30] != pattern('F', 0))
            _exit(2);
        if (p[PAGE + 20] != 'c' || p[PAGE + 30] != pattern('F', PAGE))
            _exit(3);
        if (p[2 * PAGE + 5] != 'W')
            _exit(4); /* untouched page 2 no longer follows the file */
        /* MADV_DONTNEED drops the child's copies: the file shows through again. */
        if (madvise((void*)p, 2 * PAGE, MADV_DONTNEED) != 0)
            _exit(5);
        if (p[10] != pattern('F', 0) || p[20] != pattern('F', 0) || p[PAGE + 20] != pattern('F', PAGE))
            _exit(6);
        _exit(0);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(
        p[20] == pattern('F', 0) && p[PAGE + 20] == pattern('F', PAGE), "private_file_child_write_not_seen_by_parent");
    p[30] = 'p';
    p[PAGE + 30] = 'p';
    CHECK_EQ(pwrite(fd, "W", 1, 2 * PAGE + 5), 1, "private_file_pwrite_untouched_page");
    CHECK(p[2 * PAGE + 5] == 'W', "private_file_untouched_page_follows_file_in_parent");
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "private_file_parent_write_not_seen_by_child");
    CHECK(p[10] == 'P' && p[30] == 'p' && p[PAGE + 30] == 'p', "private_file_parent_keeps_its_copies");
    char back[2];
    CHECK(pread(fd, back, 1, 10) == 1 && back[0] == pattern('F', 0) && pread(fd, back, 1, PAGE + 20) == 1
            && back[0] == pattern('F', PAGE),
        "private_file_file_unchanged");
    munmap((void*)p, 3 * PAGE);
    close(fd);
}

/* Untouched anonymous memory (the zero page): the child reads zeros, then writes; the parent,
 * which also read it before the fork, still reads zeros, and can write its own copy. */
static void zero_page(void)
{
    volatile char* p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(is_zero(p, 2 * PAGE), "zero_page_parent_reads_zero"); /* pages 2, 3: never touched */
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!is_zero(p, 4 * PAGE))
            _exit(1);
        touch(p, 4 * PAGE, 'c');
        if (p[PAGE / 2] != pattern('c', 0) || p[3 * PAGE + PAGE / 2] != pattern('c', 3 * PAGE) || p[0] || p[3 * PAGE])
            _exit(2);
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        _exit(p[PAGE / 2] == pattern('c', 0) && p[PAGE + PAGE / 2] == pattern('c', PAGE) ? 0 : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(is_zero(p, 4 * PAGE), "zero_page_child_write_not_seen_by_parent");
    p[PAGE / 2] = 'p';
    p[PAGE + PAGE / 2] = 'p';
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "zero_page_child_reads_zero_then_writes");
    CHECK(p[PAGE / 2] == 'p' && p[PAGE] == 0 && is_zero(p + 2 * PAGE, 2 * PAGE), "zero_page_parent_writes_its_own");
    munmap((void*)p, 4 * PAGE);
}

/* The brk area, moved with the raw system call. All of it runs in a child (the "parent" here),
 * so that the C library's malloc in the test's main process never sees brk move under it. */
static int brk_in_child(void)
{
    char* start = (char*)syscall(SYS_brk, 0);
    char* end = (char*)syscall(SYS_brk, start + 4 * PAGE);
    if (end != start + 4 * PAGE)
        return 1;
    fill(start, 4 * PAGE, 'P');
    pid_t pid = t_fork();
    if (pid == 0) {
        if ((char*)syscall(SYS_brk, 0) != end)
            _exit(1);
        if (!holds(start, 4 * PAGE, 'P'))
            _exit(2);
        touch(start, 4 * PAGE, 'c');
        /* The child's brk grows on its own. */
        if ((char*)syscall(SYS_brk, end + PAGE) != end + PAGE)
            _exit(3);
        end[10] = 'x';
        _exit(holds_touched(start, 4 * PAGE, 'P', 'c') ? 0 : 4);
    }
    int s = t_wait(pid);
    if (s == -1 || !WIFEXITED(s))
        return 10;
    if (WEXITSTATUS(s))
        return 10 + WEXITSTATUS(s);
    if ((char*)syscall(SYS_brk, 0) != end)
        return 20;
    if (!holds(start, 4 * PAGE, 'P'))
        return 21;
    /* Growing the parent's brk gives zeroed memory, not the child's byte. */
    if ((char*)syscall(SYS_brk, end + PAGE) != end + PAGE || end[10] != 0)
        return 22;
    return 0;
}

static void brk_area(void)
{
    pid_t pid = t_fork();
    if (pid == 0)
        _exit(brk_in_child());
    CHECK_EXITED(t_wait(pid), 0, "brk_area_inherited_and_isolated");
}

static void dontfork(void)
{
    volatile char* p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(p, 2 * PAGE, 'P');
    CHECK_EQ(madvise((void*)p, 2 * PAGE, MADV_DONTFORK), 0, "madvise_DONTFORK");
    pid_t pid = t_fork();
    if (pid == 0) {
        (void)p[0]; /* not mapped in the child */
        _exit(0);
    }
    CHECK_KILLED(t_wait(pid), SIGSEGV, "DONTFORK_region_absent_in_child_SIGSEGV");
    pid = t_fork();
    if (pid == 0) {
        /* Nothing is mapped there in the child: MAP_FIXED_NOREPLACE succeeds at that address. */
        void* q = mmap((void*)p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        _exit(q == (void*)p ? 0 : 1);
    }
    CHECK_EXITED(t_wait(pid), 0, "DONTFORK_address_free_in_child");
    CHECK(holds(p, 2 * PAGE, 'P'), "DONTFORK_parent_keeps_its_data");

    CHECK_EQ(madvise((void*)p, 2 * PAGE, MADV_DOFORK), 0, "madvise_DOFORK");
    pid = t_fork();
    if (pid == 0)
        _exit(holds(p, 2 * PAGE, 'P') ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "DOFORK_region_inherited_again");
    munmap((void*)p, 2 * PAGE);
}

static void wipeonfork(void)
{
    volatile char* p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(p, 3 * PAGE, 'P');
    CHECK_EQ(madvise((void*)p, 3 * PAGE, MADV_WIPEONFORK), 0, "madvise_WIPEONFORK");
    pid_t pid = t_fork();
    if (pid == 0) {
        if (!is_zero(p, 3 * PAGE))
            _exit(1);
        touch(p, 3 * PAGE, 'c'); /* still mapped and writable */
        if (p[PAGE / 2] != pattern('c', 0))
            _exit(2);
        /* The advice is inherited: a grandchild gets zeros again. */
        pid_t g = t_fork();
        if (g == 0)
            _exit(is_zero(p, 3 * PAGE) ? 0 : 1);
        _exit(t_wait(g) == 0 ? 0 : 3);
    }
    CHECK_EXITED(t_wait(pid), 0, "WIPEONFORK_child_reads_zero");
    CHECK(holds(p, 3 * PAGE, 'P'), "WIPEONFORK_parent_keeps_its_data");
    CHECK_EQ(madvise((void*)p, 3 * PAGE, MADV_KEEPONFORK), 0, "madvise_KEEPONFORK");
    pid = t_fork();
    if (pid == 0)
        _exit(holds(p, 3 * PAGE, 'P') ? 0 : 1);
    CHECK_EXITED(t_wait(pid), 0, "KEEPONFORK_child_sees_data");
    munmap((void*)p, 3 * PAGE);

    void* s = t_shared(PAGE);
    CHECK_ERRNO(madvise(s, PAGE, MADV_WIPEONFORK), EINVAL, "WIPEONFORK_shared_EINVAL");
    munmap(s, PAGE);
}

/* MADV_DONTNEED on private anonymous memory after fork: only the caller's view drops to zeros. */
static void dontneed(void)
{
    volatile char* p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(p, 4 * PAGE, 'P');
    reset_flags();
    pid_t pid = t_fork();
    if (pid == 0) {
        if (madvise((void*)p, 2 * PAGE, MADV_DONTNEED) != 0)
            _exit(1);
        if (!is_zero(p, 2 * PAGE) || !holds(p + 2 * PAGE, 2 * PAGE, 'P' + 2))
            _exit(2);
        t_flag_set(&sh->child_wrote, 1);
        t_flag_wait(&sh->parent_wrote, 1);
        /* The parent dropped pages 2 and 3: the child keeps them. */
        _exit(is_zero(p, 2 * PAGE) && p[2 * PAGE] == pattern('P', 2 * PAGE) && p[3 * PAGE] == pattern('P', 3 * PAGE)
                ? 0
                : 3);
    }
    t_flag_wait_child(&sh->child_wrote, 1, pid);
    CHECK(holds(p, 4 * PAGE, 'P'), "DONTNEED_in_child_parent_keeps_data");
    CHECK_EQ(madvise((void*)p + 2 * PAGE, 2 * PAGE, MADV_DONTNEED), 0, "madvise_DONTNEED_in_parent");
    CHECK(is_zero(p + 2 * PAGE, 2 * PAGE) && holds(p, 2 * PAGE, 'P'), "DONTNEED_in_parent_zeroes_parent_only");
    t_flag_set(&sh->parent_wrote, 1);
    CHECK_EXITED(t_wait(pid), 0, "DONTNEED_child_zeroed_and_keeps_the_rest");
    munmap((void*)p, 4 * PAGE);
}

int main(void)
{
    sh = t_shared(sizeof(*sh));

    volatile char* small = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    volatile char* big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(small != MAP_FAILED && big != MAP_FAILED, "mmap_regions");
    both_orders("anon_1_page", small, PAGE);
    both_orders("anon_16_MiB", big, BIG);

    volatile char* heap_small = malloc(100);
    volatile char* heap_big = malloc(3 * PAGE + 100);
    both_orders("malloc_100_bytes", heap_small, 100);
    both_orders("malloc_3_pages", heap_big, 3 * PAGE + 100);

    volatile char stack_area[2 * PAGE + 64];
    both_orders("stack", stack_area, sizeof(stack_area));
    both_orders("data", data_area, sizeof(data_area));
    both_orders("bss", bss_area, sizeof(bss_area));

    grandchild("anon_1_page", small, PAGE);
    grandchild("anon_16_MiB", big, BIG);
    grandchild("stack", stack_area, sizeof(stack_area));

    shared_anonymous();
    private_file();
    zero_page();
    brk_area();

    struct rlimit no_core = { 0, 0 };
    setrlimit(RLIMIT_CORE, &no_core);
    dontfork();
    wipeonfork();
    dontneed();
    return t_exit_status();
}
