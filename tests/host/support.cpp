// What the kernel provides and the host tests must stand in for.

#include <lib/assert.h>
#include <stdio.h>
#include <stdlib.h>

// The kernel panics; here we print what failed (death tests match on it) and abort.
void lib_verify_failed(char const* expr, char const* file, int line, char const* function)
{
    fprintf(stderr, "VERIFY(%s) failed at %s:%d in %s\n", expr, file, line, function);
    abort();
}
