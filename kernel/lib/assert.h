#pragma once

// Provided by the environment: the kernel panics, the host tests print and abort().
// It never returns, so code after a failed VERIFY can rely on the condition.
[[noreturn]] void lib_verify_failed(char const* expr, char const* file, int line, char const* function);

// VERIFY stays on in every build: the kernel would rather stop than run on a broken invariant.
#define VERIFY(expr)                                                                                                   \
    (__builtin_expect(static_cast<bool>(expr), 1) ? static_cast<void>(0)                                               \
                                                  : lib_verify_failed(#expr, __FILE__, __LINE__, __PRETTY_FUNCTION__))

#define VERIFY_NOT_REACHED() lib_verify_failed("not reached", __FILE__, __LINE__, __PRETTY_FUNCTION__)
