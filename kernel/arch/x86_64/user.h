#pragma once

namespace x86 {

// The system-call MSRs, SMEP and SMAP, SSE for user mode. Once per CPU.
void user_mode_init();

} // namespace x86
