/* /proc/self/maps, smaps, smaps_rollup, statm, status: our text, heap and stack lines with their
 * permissions and Linux's column layout; a 3-page PROT_READ mapping; and copy-on-write seen in
 * smaps: after fork a written buffer is Shared_Dirty in the child until it writes a page, which
 * then becomes Private_Dirty there. Only properties are printed, never addresses or sizes that
 * differ between kernels. */
#include "t.h"
#include <fcntl.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char text[1 << 17];

static int read_all(const char* path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return -1;
    size_t length = 0;
    ssize_t n;
    /* Small reads, as a reader in pieces would. */
    while ((n = read(fd, text + length, 1000 < sizeof text - 1 - length ? 1000 : sizeof text - 1 - length)) > 0)
        length += (size_t)n;
    close(fd);
    text[length] = 0;
    return (int)length;
}

/* The maps line of the region starting at `start`, or NULL. */
static const char* line_at(uintptr_t start)
{
    char key[32];
    snprintf(key, sizeof key, "%08lx-", (unsigned long)start);
    for (const char* l = text; *l; l = strchr(l, '\n') + 1) {
        if (strncmp(l, key, strlen(key)) == 0)
            return l;
        if (!strchr(l, '\n'))
            break;
    }
    return NULL;
}

/* A "Key:   N kB" value in the smaps block of the region starting at `start`. */
static long smaps_value(uintptr_t start, const char* key)
{
    const char* l = line_at(start);
    if (!l)
        return -1;
    size_t key_length = strlen(key);
    for (l = strchr(l, '\n') + 1; *l; l = strchr(l, '\n') + 1) {
        if (strncmp(l, "VmFlags:", 8) == 0)
            break;
        if (strncmp(l, key, key_length) == 0 && l[key_length] == ':')
            return atol(l + key_length + 1);
    }
    return -1;
}

static int has_line(const char* perms, const char* name)
{
    for (const char* l = text; *l; l = strchr(l, '\n') + 1) {
        const char* end = strchr(l, '\n');
        size_t length = (size_t)(end - l);
        size_t name_length = strlen(name);
        if (length > 73 && strncmp(l + strcspn(l, " ") + 1, perms, 4) == 0 && length - 73 == name_length
            && strncmp(l + 73, name, name_length) == 0 && l[72] == ' ')
            return 1;
    }
    return 0;
}

/* `pages` of anonymous memory with protection `prot` between two PROT_NONE pages, so that it is
 * one region of its own (neighbours of the same kind would merge with it, on Linux as here). */
static char* guarded(int pages, int prot)
{
    char* area = mmap(NULL, (size_t)(pages + 2) * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || mprotect(area + 4096, (size_t)pages * 4096, prot) != 0)
        return NULL;
    return area + 4096;
}

int main(int argc, char** argv)
{
    (void)argc;
    CHECK(read_all("/proc/self/maps") > 0, "maps_readable");
    CHECK(has_line("r-xp", argv[0]), "text_line_r-xp_named_at_column_73");
    CHECK(has_line("rw-p", "[stack]"), "stack_line_rw-p");
    uintptr_t brk0 = (uintptr_t)syscall(SYS_brk, 0);
    syscall(SYS_brk, brk0 + 3 * 4096);
    CHECK(read_all("/proc/self/maps") > 0 && has_line("rw-p", "[heap]"), "heap_line_rw-p");

    char* ro = guarded(3, PROT_READ);
    CHECK(ro != NULL, "mmap_3_pages");
    read_all("/proc/self/maps");
    const char* l = line_at((uintptr_t)ro);
    char expect[80];
    snprintf(expect, sizeof expect, "%08lx-%08lx r--p 00000000 00:00 0 \n", (unsigned long)ro,
        (unsigned long)(ro + 3 * 4096));
    CHECK(l && strncmp(l, expect, strlen(expect)) == 0, "mmap_line_exact");

    CHECK(read_all("/proc/self/smaps") > 0, "smaps_readable");
    CHECK_EQ(smaps_value((uintptr_t)ro, "Size"), 12, "smaps_size_12kB");
    CHECK_EQ(smaps_value((uintptr_t)ro, "KernelPageSize"), 4, "smaps_kernel_page_size");
    CHECK_EQ(smaps_value((uintptr_t)ro, "Rss"), 0, "untouched_rss_0");
    volatile char sink = ro[0] + ro[4096];
    (void)sink;
    read_all("/proc/self/smaps");
    CHECK_EQ(smaps_value((uintptr_t)ro, "Rss"), 0, "zero_page_reads_not_resident");
    CHECK_EQ(smaps_value((uintptr_t)ro, "Swap"), 0, "swap_0");
    CHECK_EQ(smaps_value((uintptr_t)ro, "Locked"), 0, "locked_0");

    /* Copy-on-write, as smaps shows it. */
    char* buf = guarded(4, PROT_READ | PROT_WRITE);
    memset(buf, 7, 4 * 4096);
    read_all("/proc/self/smaps");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Rss"), 16, "written_rss_16");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Private_Dirty"), 16, "written_private_dirty_before_fork");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Anonymous"), 16, "anonymous_16");
    int pipe_go[2], pipe_done[2];
    pipe(pipe_go);
    pipe(pipe_done);
    pid_t child = fork();
    if (child == 0) {
        int bad = 0;
        read_all("/proc/self/smaps");
        if (smaps_value((uintptr_t)buf, "Shared_Dirty") != 16 || smaps_value((uintptr_t)buf, "Private_Dirty") != 0)
            bad |= 1;
        if (smaps_value((uintptr_t)buf, "Pss") != 8)
            bad |= 2;
        buf[0] = 1; /* the copy */
        read_all("/proc/self/smaps");
        if (smaps_value((uintptr_t)buf, "Shared_Dirty") != 12 || smaps_value((uintptr_t)buf, "Private_Dirty") != 4)
            bad |= 4;
        if (smaps_value((uintptr_t)buf, "Rss") != 16)
            bad |= 8;
        char c = (char)bad;
        write(pipe_done[1], &c, 1);
        read(pipe_go[0], &c, 1); /* stay until the parent has looked */
        _exit(0);
    }
    char c = 99;
    read(pipe_done[0], &c, 1);
    CHECK_EQ(c & 1, 0, "child_shared_dirty_before_write");
    CHECK_EQ(c & 2, 0, "child_pss_half");
    CHECK_EQ(c & 4, 0, "child_private_after_write");
    CHECK_EQ(c & 8, 0, "child_rss_unchanged");
    read_all("/proc/self/smaps");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Private_Dirty"), 4, "parent_sole_owner_of_old_page");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Shared_Dirty"), 12, "parent_still_shares_three");
    write(pipe_go[1], "g", 1);
    int status;
    waitpid(child, &status, 0);
    read_all("/proc/self/smaps");
    CHECK_EQ(smaps_value((uintptr_t)buf, "Private_Dirty"), 16, "all_private_after_child_exit");

    /* smaps_rollup sums; statm and status agree. */
    CHECK(read_all("/proc/self/smaps_rollup") > 0 && strstr(text, "[rollup]\n") && strstr(text, "\nPss_Anon:")
            && strstr(text, "\nPrivate_Dirty:"),
        "smaps_rollup");
    unsigned long size_pages = 0, resident = 0;
    CHECK(read_all("/proc/self/statm") > 0 && sscanf(text, "%lu %lu", &size_pages, &resident) == 2, "statm");
    CHECK(read_all("/proc/self/status") > 0, "status");
    const char* names[] = { "VmPeak", "VmSize", "VmLck", "VmPin", "VmHWM", "VmRSS", "RssAnon", "RssFile",
        "RssShmem", "VmData", "VmStk", "VmExe", "VmLib", "VmPTE", "VmSwap" };
    const char* at = text;
    int in_order = 1;
    long vmsize = -1, vmrss = -1, rss_anon = -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; ++i) {
        char key[32];
        snprintf(key, sizeof key, "\n%s:\t", names[i]);
        const char* found = strstr(at, key);
        if (!found) {
            in_order = 0;
            break;
        }
        long value = atol(found + strlen(key));
        if (i == 1)
            vmsize = value;
        if (i == 5)
            vmrss = value;
        if (i == 6)
            rss_anon = value;
        at = found + 1;
    }
    CHECK(in_order, "status_vm_lines_in_order");
    CHECK_EQ(vmsize, (long)size_pages * 4, "statm_size_is_vmsize");
    CHECK(vmrss >= rss_anon && rss_anon >= 16, "rss_counts_anon");
    return t_exit_status();
}
