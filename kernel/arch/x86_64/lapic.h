#pragma once

namespace x86 {

// Acknowledge the interrupt being handled.
void lapic_eoi();

} // namespace x86
