#pragma once

struct BootInfo;

// Builds the root file system (tmpfs + initramfs, /dev, /proc, /tmp) and starts console input.
// Called once from start_kernel() after the scheduler and clock are up.
void vfs_init(const BootInfo& info);
