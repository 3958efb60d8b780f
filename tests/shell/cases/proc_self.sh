# /proc/self/fd, cwd, maps and /proc/sys as scripts use them.
echo hello > f
exec 3< f
ls /proc/self/fd | sort -n | tr '\n' ' '; echo
readlink /proc/self/fd/3
cat /proc/self/fd/3
read line <&3; echo "read: $line"
echo x | readlink /proc/self/fd/0 | cut -c1-6
readlink /proc/self/fd/1 >/dev/null && echo "stdout has a name"
cd /tmp && readlink /proc/self/cwd
readlink /proc/self/root
cd /proc/self/fd && ls 3 && cd /
grep -c ' r-xp .*/bin/busybox$' /proc/self/maps
grep ' \[stack\]$' /proc/self/maps | cut -d' ' -f2
grep -q '^Private_Dirty:' /proc/self/smaps && echo "smaps has Private_Dirty"
grep -q '^VmRSS:' /proc/self/status && echo "status has VmRSS"
test "$(cat /proc/sys/kernel/ostype)" = Linux && echo ostype
cd /proc/sys/kernel && pwd -P && cd /
