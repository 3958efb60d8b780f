#pragma once
// In-kernel tests: code that needs real page tables, real interrupts and real context switches.
//
//   KTEST(name) { KEXPECT(x == 1); KASSERT(p != nullptr); ... }
//   KTEST_EXPECT_PANIC(name) { ...something that must panic... }
//
// Booting with `ktest=NAME` runs that one test in a kernel thread, prints `ok NAME` or
// `not ok NAME` on the console and powers off with status 0 (passed) or 1 (failed); a panic
// prints `not ok NAME (panic)` and powers off with panic_exit_status. tools/ktest-run.sh turns
// that into a CTest result; an expected-panic test passes only if it panicked with its own
// function in the backtrace. `ktest=all` runs every test that is not expected to panic.

#include <lib/types.h>

namespace ktest {

struct Case {
    const char* name;
    void (*function)();
    bool expect_panic;
};

void fail(const char* file, int line, const char* what);
void failf(const char* file, int line, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
[[noreturn]] void run(const char* name);
void report_panic(); // from panic(): say which test died

// Takes every free page (for out-of-memory tests) and gives them all back when destroyed. The
// pages are chained through their own first word: no other memory needed.
class PageHoard {
public:
    PageHoard();
    ~PageHoard();
    PageHoard(const PageHoard&) = delete;
    PageHoard& operator=(const PageHoard&) = delete;
    u64 pages() const { return m_count; }

private:
    void* m_chain { nullptr };
    u64 m_count { 0 };
};

} // namespace ktest

// The .ktests section holds pointers to the cases, not the cases themselves: the compiler may
// over-align a struct placed in a section (leaving holes between them), never a pointer.
#define KTEST_DEFINE(name, expect_panic)                                                                               \
    static void ktest_##name();                                                                                        \
    static constinit const ktest::Case ktest_case_##name = { #name, ktest_##name, expect_panic };                      \
    [[gnu::used, gnu::section(".ktests")]] static const ktest::Case* const ktest_ptr_##name = &ktest_case_##name;      \
    static void ktest_##name()

#define KTEST(name) KTEST_DEFINE(name, false)
#define KTEST_EXPECT_PANIC(name) KTEST_DEFINE(name, true)

#define KEXPECT(cond)                                                                                                  \
    do {                                                                                                               \
        if (!(cond))                                                                                                   \
            ktest::fail(__FILE__, __LINE__, "KEXPECT(" #cond ")");                                                     \
    } while (0)

#define KASSERT(cond)                                                                                                  \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            ktest::fail(__FILE__, __LINE__, "KASSERT(" #cond ")");                                                     \
            return;                                                                                                    \
        }                                                                                                              \
    } while (0)

// Equality of two integers, printing both on failure.
#define KEXPECT_EQ(a, b)                                                                                               \
    do {                                                                                                               \
        auto _ka = (a);                                                                                                \
        auto _kb = (b);                                                                                                \
        if (!(_ka == _kb))                                                                                             \
            ktest::failf(__FILE__, __LINE__, "KEXPECT_EQ(%s, %s): %ld != %ld", #a, #b, long(_ka), long(_kb));          \
    } while (0)
