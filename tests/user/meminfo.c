/*
 * meminfo: /proc/meminfo as Linux formats it (fs/proc/meminfo.c): MemTotal first, MemFree
 * second, PageTables somewhere after; each line a label padded to 16 columns, the value in KiB
 * right-aligned in at least 8, then " kB". The values themselves depend on the machine: only
 * their relations are checked (MemFree <= MemTotal, page tables exist). A read in small pieces
 * gives the same lines; the file is a regular, read-only, zero-size file, as on Linux.
 * (The exact accounting, that fork + exit gives every page-table page back, is the in-kernel
 * test proc_meminfo_page_tables_back_after_fork_exit: on a host Linux the numbers move with
 * everything else running.)
 */
#include "t.h"
#include <fcntl.h>
#include <sys/stat.h>

static char text[65536];

/* The value of the line that starts with label, in the exact format; -1 if absent or malformed. */
static long value_of(const char* label)
{
    size_t length = strlen(label);
    for (const char* line = text; *line;) {
        const char* end = strchr(line, '\n');
        if (!end)
            return -1;
        if (strncmp(line, label, length) == 0) {
            const char* p = line + length;
            while (p < line + 16 && *p == ' ')
                p++;
            if (p != line + 16)
                return -1; /* label + padding must fill 16 columns exactly */
            while (*p == ' ')
                p++;
            long value = 0;
            const char* digits = p;
            while (*p >= '0' && *p <= '9')
                value = value * 10 + (*p++ - '0');
            if (p == digits || p - line < 24 || strncmp(p, " kB\n", 4) != 0 || p + 3 != end)
                return -1;
            return value;
        }
        line = end + 1;
    }
    return -1;
}

int main(void)
{
    int fd = open("/proc/meminfo", O_RDONLY);
    CHECK(fd >= 0, "open_proc_meminfo");
    ssize_t n, total = 0;
    while ((n = read(fd, text + total, sizeof(text) - 1 - total)) > 0)
        total += n;
    CHECK(n == 0 && total > 0, "read_to_end");
    text[total] = 0;
    CHECK_EQ(read(fd, text + total, 10), 0, "read_at_end_is_0");

    CHECK(strncmp(text, "MemTotal:", 9) == 0, "first_line_MemTotal");
    CHECK(strncmp(strchr(text, '\n') + 1, "MemFree:", 8) == 0, "second_line_MemFree");
    long mem_total = value_of("MemTotal:");
    long mem_free = value_of("MemFree:");
    long page_tables = value_of("PageTables:");
    CHECK(mem_total > 0, "MemTotal_format");
    CHECK(mem_free > 0, "MemFree_format");
    CHECK(page_tables > 0, "PageTables_format");
    CHECK(mem_free <= mem_total, "MemFree_at_most_MemTotal");
    CHECK(page_tables < mem_total, "PageTables_below_MemTotal");

    /* Five bytes at a time: the same lines. */
    CHECK_EQ(lseek(fd, 0, SEEK_SET), 0, "seek_to_start");
    static char pieces[65536];
    total = 0;
    while ((n = read(fd, pieces + total, 5)) > 0 && total < (ssize_t)sizeof(pieces) - 6)
        total += n;
    pieces[total] = 0;
    CHECK(strncmp(pieces, "MemTotal:", 9) == 0 && strstr(pieces, "\nMemFree:") && strstr(pieces, "\nPageTables:"),
        "read_in_five_byte_pieces");
    close(fd);

    struct stat st;
    CHECK(stat("/proc/meminfo", &st) == 0 && st.st_mode == (S_IFREG | 0444) && st.st_size == 0,
        "regular_read_only_zero_size");
    return t_exit_status();
}
