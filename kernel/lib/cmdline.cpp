#include <lib/cmdline.h>

bool cmdline_get(const char* cmdline, const char* key, char* out, usize out_size)
{
    bool found = false;
    const char* p = cmdline;
    while (*p) {
        while (*p == ' ')
            ++p;
        const char* word = p;
        while (*p && *p != ' ')
            ++p;
        const char* k = key;
        const char* w = word;
        while (*k && w < p && *w == *k) {
            ++w;
            ++k;
        }
        if (*k || (w < p && *w != '='))
            continue; // not this key (or only a prefix of a longer one)
        found = true;
        if (w < p)
            ++w; // skip '='
        usize n = 0;
        while (w < p && n + 1 < out_size)
            out[n++] = *w++;
        if (out_size)
            out[n] = 0;
    }
    return found;
}

bool cmdline_has(const char* cmdline, const char* key)
{
    char ignored[1];
    return cmdline_get(cmdline, key, ignored, sizeof(ignored));
}
