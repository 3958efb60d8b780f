/*
 * Memory patterns for the copy-on-write tests (cow, cow_edges), on top of t_proc.h: each page of
 * a region gets a byte that differs per page and per writer, so that a check of three bytes per
 * page (first, middle, last) tells whose write a page holds, or that it was copied at all.
 */
#ifndef SPROUT_USER_T_COW_H
#define SPROUT_USER_T_COW_H

#include "t_proc.h"

#define PAGE 4096L

/* Byte i of region r as written by writer w: a pattern that differs per page and per writer. */
static inline char pattern(char w, long i) { return (char)(w + (i / PAGE) % 7); }

/* Fill a region with writer w's pattern, every byte (memset per page). */
static inline void fill(volatile char* p, long len, char w)
{
    for (long i = 0; i < len; i += PAGE)
        memset((char*)p + i, pattern(w, i), len - i < PAGE ? len - i : PAGE);
}

/* Write one byte per page (enough to make each page a private copy), in the middle of the page. */
static inline void touch(volatile char* p, long len, char w)
{
    for (long i = 0; i < len; i += PAGE) {
        long at = i + (len - i < PAGE ? (len - i) / 2 : PAGE / 2);
        p[at] = pattern(w, i);
    }
}

/* Does every page hold writer w's pattern at its first, middle and last byte? */
static inline int holds(volatile char* p, long len, char w)
{
    for (long i = 0; i < len; i += PAGE) {
        long n = len - i < PAGE ? len - i : PAGE;
        char want = pattern(w, i);
        if (p[i] != want || p[i + n / 2] != want || p[i + n - 1] != want)
            return 0;
    }
    return 1;
}

/* After touch(p, len, w2) over a fill(p, len, w1): middles are w2, the rest still w1. */
static inline int holds_touched(volatile char* p, long len, char w1, char w2)
{
    for (long i = 0; i < len; i += PAGE) {
        long n = len - i < PAGE ? len - i : PAGE;
        if (p[i] != pattern(w1, i) || p[i + n / 2] != pattern(w2, i) || p[i + n - 1] != pattern(w1, i))
            return 0;
    }
    return 1;
}

static inline int is_zero(volatile char* p, long len)
{
    for (long i = 0; i < len; i += PAGE) {
        long n = len - i < PAGE ? len - i : PAGE;
        if (p[i] || p[i + n / 2] || p[i + n - 1])
            return 0;
    }
    return 1;
}

#endif
