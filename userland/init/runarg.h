/*
 * The sprout.run= encoding of a command and its arguments on the kernel command line, decoded.
 * The protocol is in docs/runner.md; the encoder is tools/runarg.sh. This header is plain C with
 * no library calls, so that /sbin/init, the host test (tests/runner/) and the kernel can all use
 * the same decoder.
 *
 *   sprout.run=ARG0,ARG1,...,ARGn      n >= 0: always at least one argument (ARG0 = CMD)
 *
 * Each ARG is its bytes with every byte outside [A-Za-z0-9._/-] written as %HH (two hex digits;
 * the encoder writes upper case, the decoder takes both). So the value never holds a space (it is
 * one word of the command line), a comma only separates arguments, and an empty argument is an
 * empty field: "a,,b" is three arguments, the middle one "".
 */
#ifndef SPROUT_RUNARG_H
#define SPROUT_RUNARG_H

#include <stddef.h>

#define SPROUT_RUN_KEY "sprout.run="

static inline int sprout_runarg_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static inline int sprout_runarg_literal(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
        || c == '/' || c == '-';
}

/*
 * Decodes the value (the text after "sprout.run=", `len` bytes; it ends at the first space or NUL
 * if sooner) into `out`: the arguments one after the other, each NUL-terminated. Returns the
 * number of arguments (at least 1), or -1 when the value is malformed (a byte outside the literal
 * set, a bad or truncated %HH, an encoded NUL) or does not fit in `out_size` bytes. `*out_used`
 * (if not NULL) receives the bytes used in `out`.
 */
static inline int sprout_runarg_decode(const char* value, size_t len, char* out, size_t out_size, size_t* out_used)
{
    size_t i = 0, o = 0;
    int argc = 1;
    while (i < len && value[i] != '\0' && value[i] != ' ') {
        char c = value[i];
        char byte;
        if (c == ',') {
            byte = '\0';
            argc++;
            i++;
        } else if (c == '%') {
            int hi, lo;
            if (len - i < 3)
                return -1;
            hi = sprout_runarg_hexval(value[i + 1]);
            lo = hi < 0 ? -1 : sprout_runarg_hexval(value[i + 2]);
            if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
                return -1;
            byte = (char)(hi * 16 + lo);
            i += 3;
        } else if (sprout_runarg_literal(c)) {
            byte = c;
            i++;
        } else {
            return -1;
        }
        if (o >= out_size)
            return -1;
        out[o++] = byte;
    }
    if (o >= out_size)
        return -1;
    out[o++] = '\0';
    if (out_used)
        *out_used = o;
    return argc;
}

/*
 * Finds sprout.run= in a kernel command line (words separated by spaces; the last occurrence wins,
 * as for every key) and returns a pointer to its value, or NULL. `*value_len` receives its length.
 */
static inline const char* sprout_runarg_find(const char* cmdline, size_t len, size_t* value_len)
{
    const char* found = NULL;
    size_t found_len = 0, i = 0;
    const size_t key_len = sizeof(SPROUT_RUN_KEY) - 1;
    while (i < len && cmdline[i] != '\0') {
        size_t start, k;
        while (i < len && (cmdline[i] == ' ' || cmdline[i] == '\n' || cmdline[i] == '\t'))
            i++;
        start = i;
        while (i < len && cmdline[i] != '\0' && cmdline[i] != ' ' && cmdline[i] != '\n' && cmdline[i] != '\t')
            i++;
        if (i - start < key_len)
            continue;
        for (k = 0; k < key_len && cmdline[start + k] == SPROUT_RUN_KEY[k]; k++)
            ;
        if (k == key_len) {
            found = cmdline + start + key_len;
            found_len = i - start - key_len;
        }
    }
    if (found && value_len)
        *value_len = found_len;
    return found;
}

#endif
