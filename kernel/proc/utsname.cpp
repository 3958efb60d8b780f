#include <lib/spinlock.h>
#include <lib/string.h>
#include <proc/utsname.h>

namespace {

Spinlock uts_lock;
// NOTE: guarded by uts_lock (Linux's uts_sem); only nodename and domainname ever change.
Utsname uts = {
    "Linux",
    "sprout", // Linux's default is "(none)"; a shell prompt reads better with a name
    "6.1.0-sprout-" SPROUT_VERSION,
    "#1 Sprout " SPROUT_VERSION,
    "x86_64",
    "(none)",
};

void set_field(char (&field)[NEW_UTS_LEN + 1], const char* name, usize length)
{
    SpinlockGuard guard(uts_lock);
    memcpy(field, name, length);
    memset(field + length, 0, sizeof(field) - length);
}

} // namespace

Utsname utsname()
{
    SpinlockGuard guard(uts_lock);
    return uts;
}

void set_hostname(const char* name, usize length) { set_field(uts.nodename, name, length); }
void set_domainname(const char* name, usize length) { set_field(uts.domainname, name, length); }
