#include <arch/cpu.h>
#include <ktest/ktest.h>
#include <lib/format.h>
#include <lib/printk.h>
#include <lib/string.h>
#include <mm/page_alloc.h>
#include <sched/sched.h>
#include <stdarg.h>

extern "C" const ktest::Case* const __ktests_start[];
extern "C" const ktest::Case* const __ktests_end[];

namespace ktest {
namespace {

const Case* running;
u32 failures;

void run_one_in_thread(void* arg) { static_cast<const Case*>(arg)->function(); }

// Each test gets a fresh kernel thread, so it may sleep, block, and use a stack of its own.
bool run_case(const Case& test)
{
    printk("ktest: running %s%s\n", test.name, test.expect_panic ? " (expects a panic)" : "");
    running = &test;
    failures = 0;
    auto thread = kthread_run(test.name, run_one_in_thread, const_cast<Case*>(&test));
    if (thread.is_error()) {
        fail(__FILE__, __LINE__, "could not start the test thread");
    } else {
        kthread_join(*thread.value());
    }
    running = nullptr;
    bool passed = failures == 0;
    printk("%s %s\n", passed ? "ok" : "not ok", test.name);
    return passed;
}

} // namespace

void fail(const char* file, int line, const char* what)
{
    ++failures;
    printk("ktest: %s:%d: %s failed\n", file, line, what);
}

void failf(const char* file, int line, const char* fmt, ...)
{
    char message[256];
    va_list ap;
    va_start(ap, fmt);
    vformat_to(message, sizeof(message), fmt, ap);
    va_end(ap);
    ++failures;
    printk("ktest: %s:%d: %s\n", file, line, message);
}

PageHoard::PageHoard()
{
    for (;;) {
        auto page = alloc_page();
        if (page.is_error())
            break;
        void* p = page_address(page.value());
        *static_cast<void**>(p) = m_chain;
        m_chain = p;
        ++m_count;
    }
}

PageHoard::~PageHoard()
{
    while (m_chain) {
        void* next = *static_cast<void**>(m_chain);
        free_pages(virt_to_page(m_chain), 0);
        m_chain = next;
    }
}

void report_panic()
{
    if (running)
        printk("not ok %s (panic)\n", running->name);
}

void run(const char* name)
{
    bool all = strcmp(name, "all") == 0;
    u32 passed = 0, failed = 0;
    for (auto* entry = __ktests_start; entry < __ktests_end; ++entry) {
        const Case* test = *entry;
        if (all ? test->expect_panic : strcmp(test->name, name) != 0)
            continue;
        if (run_case(*test))
            ++passed;
        else
            ++failed;
    }
    if (passed + failed == 0) {
        printk("ktest: no test named '%s'\n", name);
        arch::power_off(2);
    }
    printk("ktest: %u passed, %u failed\n", passed, failed);
    arch::power_off(failed ? 1 : 0);
}

} // namespace ktest
