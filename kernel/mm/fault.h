#pragma once
// The generic page-fault entry: the architecture decodes the fault and calls this.

#include <mm/address_space.h>

// A fault on a user address, by user code or by the kernel inside a user copy: the current
// process's address space decides (Segv when there is none).
FaultResult handle_page_fault(uptr address, u32 access);
