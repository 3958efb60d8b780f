#pragma once
// Character devices and the /dev file system that holds them.

#include <fs/super.h>
#include <lib/result.h>

// A tmpfs with null (1:3), zero (1:5), tty (5:0) and console (5:1), as devtmpfs would have.
Result<SuperBlock*> devtmpfs_create();
