# 10 MB through a pipe into md5sum; `head` ends early, so `yes` meets a closed pipe.
yes | head -c 10000000 | md5sum
dd if=/dev/zero bs=65536 count=64 2>/dev/null | md5sum
