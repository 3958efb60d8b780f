#pragma once

#include <lib/types.h>

extern "C" u8 x86_smap_enabled;

namespace x86 {

// Where to resume after a fault at `rip` inside a user-memory copy, or 0 if `rip` is not one.
uptr exception_fixup(uptr rip);

} // namespace x86
