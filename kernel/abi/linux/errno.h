#pragma once

// Linux error numbers as a type. Values are the x86_64 (asm-generic) numbers from
// include/uapi/asm-generic/errno-base.h and errno.h, so that the syscall dispatcher can turn an
// Errno into the -errno user space expects with a plain negation (see to_negative()).

// The C library's <errno.h> defines EPERM, ENOMEM, ... as macros, which would rewrite
// `Errno::ENOMEM` into `Errno::12`. It reaches us even in freestanding builds: the host's
// libstdc++ <atomic> includes it (for futex waits). A push_macro/pop_macro pair around the enum is
// not enough, because every later use of `Errno::EAGAIN` would still be rewritten. Instead we
// include now every standard header that uses these macros in its own inline code (their include
// guards then keep the macros from coming back) and drop the macros for the rest of the
// translation unit. Code that includes this header must therefore use Errno, never the C macros.
#include <atomic>
#if __STDC_HOSTED__
#include <cerrno>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <system_error>
#include <thread>
#endif

#undef EPERM
#undef ENOENT
#undef ESRCH
#undef EINTR
#undef EIO
#undef ENXIO
#undef E2BIG
#undef ENOEXEC
#undef EBADF
#undef ECHILD
#undef EAGAIN
#undef ENOMEM
#undef EACCES
#undef EFAULT
#undef ENOTBLK
#undef EBUSY
#undef EEXIST
#undef EXDEV
#undef ENODEV
#undef ENOTDIR
#undef EISDIR
#undef EINVAL
#undef ENFILE
#undef EMFILE
#undef ENOTTY
#undef ETXTBSY
#undef EFBIG
#undef ENOSPC
#undef ESPIPE
#undef EROFS
#undef EMLINK
#undef EPIPE
#undef EDOM
#undef ERANGE
#undef EDEADLK
#undef ENAMETOOLONG
#undef ENOLCK
#undef ENOSYS
#undef ENOTEMPTY
#undef ELOOP
#undef ENOMSG
#undef EIDRM
#undef ECHRNG
#undef EL2NSYNC
#undef EL3HLT
#undef EL3RST
#undef ELNRNG
#undef EUNATCH
#undef ENOCSI
#undef EL2HLT
#undef EBADE
#undef EBADR
#undef EXFULL
#undef ENOANO
#undef EBADRQC
#undef EBADSLT
#undef EBFONT
#undef ENOSTR
#undef ENODATA
#undef ETIME
#undef ENOSR
#undef ENONET
#undef ENOPKG
#undef EREMOTE
#undef ENOLINK
#undef EADV
#undef ESRMNT
#undef ECOMM
#undef EPROTO
#undef EMULTIHOP
#undef EDOTDOT
#undef EBADMSG
#undef EOVERFLOW
#undef ENOTUNIQ
#undef EBADFD
#undef EREMCHG
#undef ELIBACC
#undef ELIBBAD
#undef ELIBSCN
#undef ELIBMAX
#undef ELIBEXEC
#undef EILSEQ
#undef ERESTART
#undef ESTRPIPE
#undef EUSERS
#undef ENOTSOCK
#undef EDESTADDRREQ
#undef EMSGSIZE
#undef EPROTOTYPE
#undef ENOPROTOOPT
#undef EPROTONOSUPPORT
#undef ESOCKTNOSUPPORT
#undef EOPNOTSUPP
#undef EPFNOSUPPORT
#undef EAFNOSUPPORT
#undef EADDRINUSE
#undef EADDRNOTAVAIL
#undef ENETDOWN
#undef ENETUNREACH
#undef ENETRESET
#undef ECONNABORTED
#undef ECONNRESET
#undef ENOBUFS
#undef EISCONN
#undef ENOTCONN
#undef ESHUTDOWN
#undef ETOOMANYREFS
#undef ETIMEDOUT
#undef ECONNREFUSED
#undef EHOSTDOWN
#undef EHOSTUNREACH
#undef EALREADY
#undef EINPROGRESS
#undef ESTALE
#undef EUCLEAN
#undef ENOTNAM
#undef ENAVAIL
#undef EISNAM
#undef EREMOTEIO
#undef EDQUOT
#undef ENOMEDIUM
#undef EMEDIUMTYPE
#undef ECANCELED
#undef ENOKEY
#undef EKEYEXPIRED
#undef EKEYREVOKED
#undef EKEYREJECTED
#undef EOWNERDEAD
#undef ENOTRECOVERABLE
#undef ERFKILL
#undef EHWPOISON
#undef EWOULDBLOCK
#undef EDEADLOCK
#undef ENOTSUP

enum class Errno : int {
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    E2BIG = 7,
    ENOEXEC = 8,
    EBADF = 9,
    ECHILD = 10,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    ENOTBLK = 15,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    ENOTTY = 25,
    ETXTBSY = 26,
    EFBIG = 27,
    ENOSPC = 28,
    ESPIPE = 29,
    EROFS = 30,
    EMLINK = 31,
    EPIPE = 32,
    EDOM = 33,
    ERANGE = 34,
    EDEADLK = 35,
    ENAMETOOLONG = 36,
    ENOLCK = 37,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ELOOP = 40,
    // 41 has no name on Linux (EWOULDBLOCK is EAGAIN).
    ENOMSG = 42,
    EIDRM = 43,
    ECHRNG = 44,
    EL2NSYNC = 45,
    EL3HLT = 46,
    EL3RST = 47,
    ELNRNG = 48,
    EUNATCH = 49,
    ENOCSI = 50,
    EL2HLT = 51,
    EBADE = 52,
    EBADR = 53,
    EXFULL = 54,
    ENOANO = 55,
    EBADRQC = 56,
    EBADSLT = 57,
    // 58 has no name on x86_64 (EDEADLOCK is EDEADLK there).
    EBFONT = 59,
    ENOSTR = 60,
    ENODATA = 61,
    ETIME = 62,
    ENOSR = 63,
    ENONET = 64,
    ENOPKG = 65,
    EREMOTE = 66,
    ENOLINK = 67,
    EADV = 68,
    ESRMNT = 69,
    ECOMM = 70,
    EPROTO = 71,
    EMULTIHOP = 72,
    EDOTDOT = 73,
    EBADMSG = 74,
    EOVERFLOW = 75,
    ENOTUNIQ = 76,
    EBADFD = 77,
    EREMCHG = 78,
    ELIBACC = 79,
    ELIBBAD = 80,
    ELIBSCN = 81,
    ELIBMAX = 82,
    ELIBEXEC = 83,
    EILSEQ = 84,
    ERESTART = 85,
    ESTRPIPE = 86,
    EUSERS = 87,
    ENOTSOCK = 88,
    EDESTADDRREQ = 89,
    EMSGSIZE = 90,
    EPROTOTYPE = 91,
    ENOPROTOOPT = 92,
    EPROTONOSUPPORT = 93,
    ESOCKTNOSUPPORT = 94,
    EOPNOTSUPP = 95,
    EPFNOSUPPORT = 96,
    EAFNOSUPPORT = 97,
    EADDRINUSE = 98,
    EADDRNOTAVAIL = 99,
    ENETDOWN = 100,
    ENETUNREACH = 101,
    ENETRESET = 102,
    ECONNABORTED = 103,
    ECONNRESET = 104,
    ENOBUFS = 105,
    EISCONN = 106,
    ENOTCONN = 107,
    ESHUTDOWN = 108,
    ETOOMANYREFS = 109,
    ETIMEDOUT = 110,
    ECONNREFUSED = 111,
    EHOSTDOWN = 112,
    EHOSTUNREACH = 113,
    EALREADY = 114,
    EINPROGRESS = 115,
    ESTALE = 116,
    EUCLEAN = 117,
    ENOTNAM = 118,
    ENAVAIL = 119,
    EISNAM = 120,
    EREMOTEIO = 121,
    EDQUOT = 122,
    ENOMEDIUM = 123,
    EMEDIUMTYPE = 124,
    ECANCELED = 125,
    ENOKEY = 126,
    EKEYEXPIRED = 127,
    EKEYREVOKED = 128,
    EKEYREJECTED = 129,
    EOWNERDEAD = 130,
    ENOTRECOVERABLE = 131,
    ERFKILL = 132,
    EHWPOISON = 133,

    // Internal to the kernel (include/linux/errno.h), never seen by user space: a system call
    // interrupted by a signal returns one, and the signal code on the way out turns it into EINTR
    // or a restart of the call (proc/signal.cpp, handle_syscall_restart()).
    ERESTARTSYS = 512, // restart if the handler has SA_RESTART (or there is no handler), else EINTR
    ERESTARTNOINTR = 513, // always restart
    ERESTARTNOHAND = 514, // restart only if no handler ran, else EINTR
    ERESTART_RESTARTBLOCK = 516, // restart through restart_syscall() if no handler ran, else EINTR

    // Aliases Linux defines; errno_name() reports the primary name.
    EWOULDBLOCK = EAGAIN,
    EDEADLOCK = EDEADLK,
    ENOTSUP = EOPNOTSUPP,
};

static_assert(static_cast<int>(Errno::EAGAIN) == 11);
static_assert(static_cast<int>(Errno::ENOMEM) == 12);
static_assert(static_cast<int>(Errno::EFAULT) == 14);
static_assert(static_cast<int>(Errno::EINVAL) == 22);
static_assert(static_cast<int>(Errno::ENOSYS) == 38);
static_assert(static_cast<int>(Errno::EOPNOTSUPP) == 95);
static_assert(static_cast<int>(Errno::EHWPOISON) == 133);

// The value a syscall returns to user space for this error (the dispatcher is the only caller).
constexpr int to_negative(Errno error) { return -static_cast<int>(error); }

// Name of the error for logs and test output; "E?" for values Linux does not define.
constexpr char const* errno_name(Errno error)
{
    switch (error) {
    case Errno::EPERM:
        return "EPERM";
    case Errno::ENOENT:
        return "ENOENT";
    case Errno::ESRCH:
        return "ESRCH";
    case Errno::EINTR:
        return "EINTR";
    case Errno::EIO:
        return "EIO";
    case Errno::ENXIO:
        return "ENXIO";
    case Errno::E2BIG:
        return "E2BIG";
    case Errno::ENOEXEC:
        return "ENOEXEC";
    case Errno::EBADF:
        return "EBADF";
    case Errno::ECHILD:
        return "ECHILD";
    case Errno::EAGAIN:
        return "EAGAIN";
    case Errno::ENOMEM:
        return "ENOMEM";
    case Errno::EACCES:
        return "EACCES";
    case Errno::EFAULT:
        return "EFAULT";
    case Errno::ENOTBLK:
        return "ENOTBLK";
    case Errno::EBUSY:
        return "EBUSY";
    case Errno::EEXIST:
        return "EEXIST";
    case Errno::EXDEV:
        return "EXDEV";
    case Errno::ENODEV:
        return "ENODEV";
    case Errno::ENOTDIR:
        return "ENOTDIR";
    case Errno::EISDIR:
        return "EISDIR";
    case Errno::EINVAL:
        return "EINVAL";
    case Errno::ENFILE:
        return "ENFILE";
    case Errno::EMFILE:
        return "EMFILE";
    case Errno::ENOTTY:
        return "ENOTTY";
    case Errno::ETXTBSY:
        return "ETXTBSY";
    case Errno::EFBIG:
        return "EFBIG";
    case Errno::ENOSPC:
        return "ENOSPC";
    case Errno::ESPIPE:
        return "ESPIPE";
    case Errno::EROFS:
        return "EROFS";
    case Errno::EMLINK:
        return "EMLINK";
    case Errno::EPIPE:
        return "EPIPE";
    case Errno::EDOM:
        return "EDOM";
    case Errno::ERANGE:
        return "ERANGE";
    case Errno::EDEADLK:
        return "EDEADLK";
    case Errno::ENAMETOOLONG:
        return "ENAMETOOLONG";
    case Errno::ENOLCK:
        return "ENOLCK";
    case Errno::ENOSYS:
        return "ENOSYS";
    case Errno::ENOTEMPTY:
        return "ENOTEMPTY";
    case Errno::ELOOP:
        return "ELOOP";
    case Errno::ENOMSG:
        return "ENOMSG";
    case Errno::EIDRM:
        return "EIDRM";
    case Errno::ECHRNG:
        return "ECHRNG";
    case Errno::EL2NSYNC:
        return "EL2NSYNC";
    case Errno::EL3HLT:
        return "EL3HLT";
    case Errno::EL3RST:
        return "EL3RST";
    case Errno::ELNRNG:
        return "ELNRNG";
    case Errno::EUNATCH:
        return "EUNATCH";
    case Errno::ENOCSI:
        return "ENOCSI";
    case Errno::EL2HLT:
        return "EL2HLT";
    case Errno::EBADE:
        return "EBADE";
    case Errno::EBADR:
        return "EBADR";
    case Errno::EXFULL:
        return "EXFULL";
    case Errno::ENOANO:
        return "ENOANO";
    case Errno::EBADRQC:
        return "EBADRQC";
    case Errno::EBADSLT:
        return "EBADSLT";
    case Errno::EBFONT:
        return "EBFONT";
    case Errno::ENOSTR:
        return "ENOSTR";
    case Errno::ENODATA:
        return "ENODATA";
    case Errno::ETIME:
        return "ETIME";
    case Errno::ENOSR:
        return "ENOSR";
    case Errno::ENONET:
        return "ENONET";
    case Errno::ENOPKG:
        return "ENOPKG";
    case Errno::EREMOTE:
        return "EREMOTE";
    case Errno::ENOLINK:
        return "ENOLINK";
    case Errno::EADV:
        return "EADV";
    case Errno::ESRMNT:
        return "ESRMNT";
    case Errno::ECOMM:
        return "ECOMM";
    case Errno::EPROTO:
        return "EPROTO";
    case Errno::EMULTIHOP:
        return "EMULTIHOP";
    case Errno::EDOTDOT:
        return "EDOTDOT";
    case Errno::EBADMSG:
        return "EBADMSG";
    case Errno::EOVERFLOW:
        return "EOVERFLOW";
    case Errno::ENOTUNIQ:
        return "ENOTUNIQ";
    case Errno::EBADFD:
        return "EBADFD";
    case Errno::EREMCHG:
        return "EREMCHG";
    case Errno::ELIBACC:
        return "ELIBACC";
    case Errno::ELIBBAD:
        return "ELIBBAD";
    case Errno::ELIBSCN:
        return "ELIBSCN";
    case Errno::ELIBMAX:
        return "ELIBMAX";
    case Errno::ELIBEXEC:
        return "ELIBEXEC";
    case Errno::EILSEQ:
        return "EILSEQ";
    case Errno::ERESTART:
        return "ERESTART";
    case Errno::ESTRPIPE:
        return "ESTRPIPE";
    case Errno::EUSERS:
        return "EUSERS";
    case Errno::ENOTSOCK:
        return "ENOTSOCK";
    case Errno::EDESTADDRREQ:
        return "EDESTADDRREQ";
    case Errno::EMSGSIZE:
        return "EMSGSIZE";
    case Errno::EPROTOTYPE:
        return "EPROTOTYPE";
    case Errno::ENOPROTOOPT:
        return "ENOPROTOOPT";
    case Errno::EPROTONOSUPPORT:
        return "EPROTONOSUPPORT";
    case Errno::ESOCKTNOSUPPORT:
        return "ESOCKTNOSUPPORT";
    case Errno::EOPNOTSUPP:
        return "EOPNOTSUPP";
    case Errno::EPFNOSUPPORT:
        return "EPFNOSUPPORT";
    case Errno::EAFNOSUPPORT:
        return "EAFNOSUPPORT";
    case Errno::EADDRINUSE:
        return "EADDRINUSE";
    case Errno::EADDRNOTAVAIL:
        return "EADDRNOTAVAIL";
    case Errno::ENETDOWN:
        return "ENETDOWN";
    case Errno::ENETUNREACH:
        return "ENETUNREACH";
    case Errno::ENETRESET:
        return "ENETRESET";
    case Errno::ECONNABORTED:
        return "ECONNABORTED";
    case Errno::ECONNRESET:
        return "ECONNRESET";
    case Errno::ENOBUFS:
        return "ENOBUFS";
    case Errno::EISCONN:
        return "EISCONN";
    case Errno::ENOTCONN:
        return "ENOTCONN";
    case Errno::ESHUTDOWN:
        return "ESHUTDOWN";
    case Errno::ETOOMANYREFS:
        return "ETOOMANYREFS";
    case Errno::ETIMEDOUT:
        return "ETIMEDOUT";
    case Errno::ECONNREFUSED:
        return "ECONNREFUSED";
    case Errno::EHOSTDOWN:
        return "EHOSTDOWN";
    case Errno::EHOSTUNREACH:
        return "EHOSTUNREACH";
    case Errno::EALREADY:
        return "EALREADY";
    case Errno::EINPROGRESS:
        return "EINPROGRESS";
    case Errno::ESTALE:
        return "ESTALE";
    case Errno::EUCLEAN:
        return "EUCLEAN";
    case Errno::ENOTNAM:
        return "ENOTNAM";
    case Errno::ENAVAIL:
        return "ENAVAIL";
    case Errno::EISNAM:
        return "EISNAM";
    case Errno::EREMOTEIO:
        return "EREMOTEIO";
    case Errno::EDQUOT:
        return "EDQUOT";
    case Errno::ENOMEDIUM:
        return "ENOMEDIUM";
    case Errno::EMEDIUMTYPE:
        return "EMEDIUMTYPE";
    case Errno::ECANCELED:
        return "ECANCELED";
    case Errno::ENOKEY:
        return "ENOKEY";
    case Errno::EKEYEXPIRED:
        return "EKEYEXPIRED";
    case Errno::EKEYREVOKED:
        return "EKEYREVOKED";
    case Errno::EKEYREJECTED:
        return "EKEYREJECTED";
    case Errno::EOWNERDEAD:
        return "EOWNERDEAD";
    case Errno::ENOTRECOVERABLE:
        return "ENOTRECOVERABLE";
    case Errno::ERFKILL:
        return "ERFKILL";
    case Errno::EHWPOISON:
        return "EHWPOISON";
    case Errno::ERESTARTSYS:
        return "ERESTARTSYS";
    case Errno::ERESTARTNOINTR:
        return "ERESTARTNOINTR";
    case Errno::ERESTARTNOHAND:
        return "ERESTARTNOHAND";
    case Errno::ERESTART_RESTARTBLOCK:
        return "ERESTART_RESTARTBLOCK";
    }
    return "E?";
}
