#pragma once
// Who this system is (Linux's init_uts_ns, include/linux/utsname.h): what uname() returns, the
// host and domain names sethostname()/setdomainname() and /proc/sys/kernel change.
//
// sysname stays "Linux": C libraries and programs check it. Sprout names itself in release and
// version, the way distribution kernels add their own suffix; release keeps a Linux version
// number (6.1.0), newer than any glibc's minimum, since glibc checks it at startup.

#include <lib/result.h>
#include <lib/types.h>

inline constexpr usize NEW_UTS_LEN = 64; // Linux's __NEW_UTS_LEN

struct Utsname { // struct new_utsname
    char sysname[NEW_UTS_LEN + 1];
    char nodename[NEW_UTS_LEN + 1];
    char release[NEW_UTS_LEN + 1];
    char version[NEW_UTS_LEN + 1];
    char machine[NEW_UTS_LEN + 1];
    char domainname[NEW_UTS_LEN + 1];
};
static_assert(sizeof(Utsname) == 390);

// A consistent copy, taken under the lock.
Utsname utsname();
// Linux's sethostname()/setdomainname() after the checks: `length` <= NEW_UTS_LEN bytes of
// `name` (not NUL-terminated) become the name, the rest of the field zeroed.
void set_hostname(const char* name, usize length);
void set_domainname(const char* name, usize length);
