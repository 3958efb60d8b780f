#include <errno.h>
#include <gtest/gtest.h>
#include <string.h>

// Captured before <abi/linux/errno.h> drops the C library's macros: on x86_64 Linux glibc's
// values are the kernel's, so they are an independent reference for every number and name.
#define HOST_ERRNO(name)                                                                                               \
    {                                                                                                                  \
        name, #name                                                                                                    \
    }
struct HostErrno {
    int value;
    char const* name;
};
static HostErrno const host_errnos[] = {
    HOST_ERRNO(EPERM),
    HOST_ERRNO(ENOENT),
    HOST_ERRNO(ESRCH),
    HOST_ERRNO(EINTR),
    HOST_ERRNO(EIO),
    HOST_ERRNO(ENXIO),
    HOST_ERRNO(E2BIG),
    HOST_ERRNO(ENOEXEC),
    HOST_ERRNO(EBADF),
    HOST_ERRNO(ECHILD),
    HOST_ERRNO(EAGAIN),
    HOST_ERRNO(ENOMEM),
    HOST_ERRNO(EACCES),
    HOST_ERRNO(EFAULT),
    HOST_ERRNO(ENOTBLK),
    HOST_ERRNO(EBUSY),
    HOST_ERRNO(EEXIST),
    HOST_ERRNO(EXDEV),
    HOST_ERRNO(ENODEV),
    HOST_ERRNO(ENOTDIR),
    HOST_ERRNO(EISDIR),
    HOST_ERRNO(EINVAL),
    HOST_ERRNO(ENFILE),
    HOST_ERRNO(EMFILE),
    HOST_ERRNO(ENOTTY),
    HOST_ERRNO(ETXTBSY),
    HOST_ERRNO(EFBIG),
    HOST_ERRNO(ENOSPC),
    HOST_ERRNO(ESPIPE),
    HOST_ERRNO(EROFS),
    HOST_ERRNO(EMLINK),
    HOST_ERRNO(EPIPE),
    HOST_ERRNO(EDOM),
    HOST_ERRNO(ERANGE),
    HOST_ERRNO(EDEADLK),
    HOST_ERRNO(ENAMETOOLONG),
    HOST_ERRNO(ENOLCK),
    HOST_ERRNO(ENOSYS),
    HOST_ERRNO(ENOTEMPTY),
    HOST_ERRNO(ELOOP),
    HOST_ERRNO(ENOMSG),
    HOST_ERRNO(EIDRM),
    HOST_ERRNO(ECHRNG),
    HOST_ERRNO(EL2NSYNC),
    HOST_ERRNO(EL3HLT),
    HOST_ERRNO(EL3RST),
    HOST_ERRNO(ELNRNG),
    HOST_ERRNO(EUNATCH),
    HOST_ERRNO(ENOCSI),
    HOST_ERRNO(EL2HLT),
    HOST_ERRNO(EBADE),
    HOST_ERRNO(EBADR),
    HOST_ERRNO(EXFULL),
    HOST_ERRNO(ENOANO),
    HOST_ERRNO(EBADRQC),
    HOST_ERRNO(EBADSLT),
    HOST_ERRNO(EBFONT),
    HOST_ERRNO(ENOSTR),
    HOST_ERRNO(ENODATA),
    HOST_ERRNO(ETIME),
    HOST_ERRNO(ENOSR),
    HOST_ERRNO(ENONET),
    HOST_ERRNO(ENOPKG),
    HOST_ERRNO(EREMOTE),
    HOST_ERRNO(ENOLINK),
    HOST_ERRNO(EADV),
    HOST_ERRNO(ESRMNT),
    HOST_ERRNO(ECOMM),
    HOST_ERRNO(EPROTO),
    HOST_ERRNO(EMULTIHOP),
    HOST_ERRNO(EDOTDOT),
    HOST_ERRNO(EBADMSG),
    HOST_ERRNO(EOVERFLOW),
    HOST_ERRNO(ENOTUNIQ),
    HOST_ERRNO(EBADFD),
    HOST_ERRNO(EREMCHG),
    HOST_ERRNO(ELIBACC),
    HOST_ERRNO(ELIBBAD),
    HOST_ERRNO(ELIBSCN),
    HOST_ERRNO(ELIBMAX),
    HOST_ERRNO(ELIBEXEC),
    HOST_ERRNO(EILSEQ),
    HOST_ERRNO(ERESTART),
    HOST_ERRNO(ESTRPIPE),
    HOST_ERRNO(EUSERS),
    HOST_ERRNO(ENOTSOCK),
    HOST_ERRNO(EDESTADDRREQ),
    HOST_ERRNO(EMSGSIZE),
    HOST_ERRNO(EPROTOTYPE),
    HOST_ERRNO(ENOPROTOOPT),
    HOST_ERRNO(EPROTONOSUPPORT),
    HOST_ERRNO(ESOCKTNOSUPPORT),
    HOST_ERRNO(EOPNOTSUPP),
    HOST_ERRNO(EPFNOSUPPORT),
    HOST_ERRNO(EAFNOSUPPORT),
    HOST_ERRNO(EADDRINUSE),
    HOST_ERRNO(EADDRNOTAVAIL),
    HOST_ERRNO(ENETDOWN),
    HOST_ERRNO(ENETUNREACH),
    HOST_ERRNO(ENETRESET),
    HOST_ERRNO(ECONNABORTED),
    HOST_ERRNO(ECONNRESET),
    HOST_ERRNO(ENOBUFS),
    HOST_ERRNO(EISCONN),
    HOST_ERRNO(ENOTCONN),
    HOST_ERRNO(ESHUTDOWN),
    HOST_ERRNO(ETOOMANYREFS),
    HOST_ERRNO(ETIMEDOUT),
    HOST_ERRNO(ECONNREFUSED),
    HOST_ERRNO(EHOSTDOWN),
    HOST_ERRNO(EHOSTUNREACH),
    HOST_ERRNO(EALREADY),
    HOST_ERRNO(EINPROGRESS),
    HOST_ERRNO(ESTALE),
    HOST_ERRNO(EUCLEAN),
    HOST_ERRNO(ENOTNAM),
    HOST_ERRNO(ENAVAIL),
    HOST_ERRNO(EISNAM),
    HOST_ERRNO(EREMOTEIO),
    HOST_ERRNO(EDQUOT),
    HOST_ERRNO(ENOMEDIUM),
    HOST_ERRNO(EMEDIUMTYPE),
    HOST_ERRNO(ECANCELED),
    HOST_ERRNO(ENOKEY),
    HOST_ERRNO(EKEYEXPIRED),
    HOST_ERRNO(EKEYREVOKED),
    HOST_ERRNO(EKEYREJECTED),
    HOST_ERRNO(EOWNERDEAD),
    HOST_ERRNO(ENOTRECOVERABLE),
    HOST_ERRNO(ERFKILL),
    HOST_ERRNO(EHWPOISON),
};
static int const host_ewouldblock = EWOULDBLOCK;
static int const host_enotsup = ENOTSUP;
static int const host_edeadlock = EDEADLOCK;

#include <abi/linux/errno.h>

TEST(Errno, EveryNumberAndNameMatchesTheHostKernel)
{
    EXPECT_EQ(sizeof(host_errnos) / sizeof(host_errnos[0]), 131u); // 1..133 minus the unnamed 41 and 58
    for (auto const& host : host_errnos) {
        SCOPED_TRACE(host.name);
        EXPECT_STREQ(errno_name(static_cast<Errno>(host.value)), host.name);
    }
}

TEST(Errno, PinnedValuesAndAliases)
{
    EXPECT_EQ(static_cast<int>(Errno::EPERM), 1);
    EXPECT_EQ(static_cast<int>(Errno::ENOMEM), 12);
    EXPECT_EQ(static_cast<int>(Errno::EHWPOISON), 133);
    EXPECT_EQ(static_cast<int>(Errno::EWOULDBLOCK), host_ewouldblock);
    EXPECT_EQ(static_cast<int>(Errno::ENOTSUP), host_enotsup);
    EXPECT_EQ(static_cast<int>(Errno::EDEADLOCK), host_edeadlock);
    EXPECT_STREQ(errno_name(Errno::EWOULDBLOCK), "EAGAIN");
}

TEST(Errno, UnknownValuesAndNegation)
{
    EXPECT_STREQ(errno_name(static_cast<Errno>(0)), "E?");
    EXPECT_STREQ(errno_name(static_cast<Errno>(41)), "E?");
    EXPECT_STREQ(errno_name(static_cast<Errno>(58)), "E?");
    EXPECT_STREQ(errno_name(static_cast<Errno>(134)), "E?");
    EXPECT_EQ(to_negative(Errno::EFAULT), -14);
    static_assert(to_negative(Errno::ENOSYS) == -38);
}
