# mount a tmpfs, use it, see it in /proc/mounts, umount (busy while a shell is inside), chown/chgrp
# and ls -l of owners, df (statfs: a tmpfs's size and the pages its files use), cat of a large
# file (sendfile).
mkdir -p /tmp/mnt
mount -t tmpfs -o size=8m,mode=750 scratch /tmp/mnt
echo "mount: $?"
grep ' /tmp/mnt ' /proc/mounts | cut -d' ' -f1-4
stat -c '%a %F' /tmp/mnt
df /tmp/mnt
echo hello > /tmp/mnt/file
seq 1 10000 > /tmp/mnt/numbers
df /tmp/mnt
df -h /tmp/mnt | tail -1
cat /tmp/mnt/file
chown 1000:2000 /tmp/mnt/file
stat -c '%u %g %a' /tmp/mnt/file
chgrp 3000 /tmp/mnt/file
ls -ln /tmp/mnt/file | awk '{print $1, $3, $4, $5, $9}'
chmod 4755 /tmp/mnt/file
chown 0 /tmp/mnt/file
stat -c '%a' /tmp/mnt/file
seq 1 200000 > /tmp/mnt/big
cat /tmp/mnt/big | md5sum
cat /tmp/mnt/big > /tmp/mnt/copy
cmp /tmp/mnt/big /tmp/mnt/copy && echo same
mount -o remount,size=16m /tmp/mnt
echo "remount size: $?"
df /tmp/mnt | tail -1 | awk '{print $2}'
mount -o remount,ro /tmp/mnt
echo "remount ro: $?"
touch /tmp/mnt/new 2>/dev/null
echo "touch on read-only: $?"
mount -o remount,rw /tmp/mnt
touch /tmp/mnt/new
echo "touch after rw: $?"
mkdir -p /tmp/view
mount --bind /tmp/mnt /tmp/view
ls /tmp/view | sort | tr '\n' ' '
echo
umount /tmp/view
echo "umount bind: $?"
(cd /tmp/mnt && umount /tmp/mnt 2>/dev/null; echo "umount while inside: $?")
umount /tmp/mnt
echo "umount: $?"
grep -c ' /tmp/mnt ' /proc/mounts
test -e /tmp/mnt/file || echo gone
mount -t nosuchfs none /tmp/mnt 2>/dev/null
echo "unknown type: $?"
# A directory bound onto itself, and a path seen through the original mount after a bind.
mkdir -p /tmp/self/sub
mount --bind /tmp/self /tmp/self
ls /tmp/self
umount /tmp/self
mkdir -p /tmp/orig /tmp/copy
mount -t tmpfs none /tmp/orig
mkdir /tmp/orig/x
mount --bind /tmp/orig /tmp/copy
(cd /tmp/orig/x && pwd)
umount /tmp/copy
umount /tmp/orig
