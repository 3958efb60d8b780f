/* uname(2), sethostname(2), setdomainname(2) and /proc/sys/kernel: sysname Linux, a Linux-like
 * release glibc accepts, the names root sets seen by uname and /proc/sys, Linux's errors. */
#include "t.h"
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static char long_name[80] = "x";

int main(void)
{
    struct utsname u;
    char buf[256];
    CHECK(uname(&u) == 0, "uname");
    CHECK(strcmp(u.sysname, "Linux") == 0, "sysname_Linux");
    CHECK(strcmp(u.machine, "x86_64") == 0, "machine_x86_64");
    int major = 0, minor = 0;
    CHECK(sscanf(u.release, "%d.%d", &major, &minor) == 2 && major >= 3, "release_linux_version_at_least_3");

    CHECK(sethostname("testhost", 8) == 0, "sethostname");
    CHECK(uname(&u) == 0 && strcmp(u.nodename, "testhost") == 0, "uname_sees_hostname");
    CHECK(t_read_file("/proc/sys/kernel/hostname", buf, sizeof buf) > 0 && strcmp(buf, "testhost\n") == 0,
        "proc_sys_hostname");
    CHECK(gethostname(buf, sizeof buf) == 0 && strcmp(buf, "testhost") == 0, "gethostname");
    CHECK(sethostname("a234567890123456789012345678901234567890123456789012345678901234", 64) == 0,
        "sethostname_64");
    CHECK(uname(&u) == 0 && strlen(u.nodename) == 64, "hostname_64_kept");
    CHECK_ERRNO(sethostname(long_name, 65), EINVAL, "sethostname_65_EINVAL");
    CHECK_ERRNO(syscall(SYS_sethostname, "x", -1), EINVAL, "sethostname_negative_EINVAL");
    CHECK_ERRNO(syscall(SYS_sethostname, (char*)8, 4), EFAULT, "sethostname_EFAULT");
    CHECK(setdomainname("dom.example", 11) == 0, "setdomainname");
    CHECK(uname(&u) == 0 && strcmp(u.domainname, "dom.example") == 0, "uname_sees_domainname");
    CHECK(t_read_file("/proc/sys/kernel/domainname", buf, sizeof buf) > 0 && strcmp(buf, "dom.example\n") == 0,
        "proc_sys_domainname");
    CHECK_ERRNO(setdomainname(long_name, 65), EINVAL, "setdomainname_65_EINVAL");

    int fd = open("/proc/sys/kernel/hostname", O_WRONLY | O_TRUNC);
    CHECK(fd >= 0 && write(fd, "viaproc\n", 8) == 8, "proc_sys_hostname_write");
    close(fd);
    CHECK(uname(&u) == 0 && strcmp(u.nodename, "viaproc") == 0, "proc_sys_write_seen_by_uname");

    CHECK(t_read_file("/proc/sys/kernel/ostype", buf, sizeof buf) > 0 && strcmp(buf, "Linux\n") == 0, "ostype");
    char expect[80];
    snprintf(expect, sizeof expect, "%s\n", u.release);
    CHECK(t_read_file("/proc/sys/kernel/osrelease", buf, sizeof buf) > 0 && strcmp(buf, expect) == 0, "osrelease");
    snprintf(expect, sizeof expect, "%s\n", u.version);
    CHECK(t_read_file("/proc/sys/kernel/version", buf, sizeof buf) > 0 && strcmp(buf, expect) == 0, "version");
    int pid_max = 0;
    CHECK(t_read_file("/proc/sys/kernel/pid_max", buf, sizeof buf) > 0 && sscanf(buf, "%d", &pid_max) == 1
            && pid_max > 300,
        "pid_max");
    CHECK(getpid() < pid_max, "pid_below_pid_max");

    /* Not root: EPERM before any other check; /proc/sys/kernel/hostname not writable. */
    pid_t child = fork();
    if (child == 0) {
        if (setuid(1000) != 0)
            _exit(10);
        int bad = 0;
        errno = 0;
        if (sethostname("x", 1) != -1 || errno != EPERM)
            bad |= 1;
        errno = 0;
        if (sethostname(long_name, 65) != -1 || errno != EPERM)
            bad |= 2;
        errno = 0;
        if (setdomainname("x", 1) != -1 || errno != EPERM)
            bad |= 4;
        errno = 0;
        if (open("/proc/sys/kernel/hostname", O_WRONLY) != -1 || errno != EACCES)
            bad |= 8;
        _exit(bad);
    }
    int status = 0;
    waitpid(child, &status, 0);
    CHECK_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0, "nonroot_EPERM_EACCES");
    CHECK(uname(&u) == 0 && strcmp(u.nodename, "viaproc") == 0, "nonroot_changed_nothing");
    return t_exit_status();
}
