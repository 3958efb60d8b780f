// runarg_decode VALUE | --cmdline CMDLINE: decodes a sprout.run= value (or finds it in a whole
// kernel command line) with userland/init/runarg.h, the decoder /sbin/init uses, and writes the
// arguments to stdout, each followed by a NUL byte. Exit status 1 when the value is malformed,
// 3 when the command line has no sprout.run=. Built as C++ on purpose: the kernel may include
// the same header.
#include <cstdio>
#include <cstring>
#include <vector>

#include "../../userland/init/runarg.h"

int main(int argc, char** argv)
{
    const char* value;
    size_t len;
    if (argc == 3 && std::strcmp(argv[1], "--cmdline") == 0) {
        value = sprout_runarg_find(argv[2], std::strlen(argv[2]), &len);
        if (!value)
            return 3;
    } else if (argc == 2) {
        value = argv[1];
        len = std::strlen(value);
    } else {
        std::fprintf(stderr, "usage: runarg_decode VALUE | --cmdline CMDLINE\n");
        return 2;
    }
    std::vector<char> out(len + 1);
    size_t used = 0;
    int n = sprout_runarg_decode(value, len, out.data(), out.size(), &used);
    if (n < 0)
        return 1;
    int nuls = 0;
    for (size_t i = 0; i < used; i++)
        nuls += out[i] == '\0';
    if (nuls != n) {
        std::fprintf(stderr, "runarg_decode: %d arguments but %d NULs\n", n, nuls);
        return 2;
    }
    std::fwrite(out.data(), 1, used, stdout);
    return 0;
}
