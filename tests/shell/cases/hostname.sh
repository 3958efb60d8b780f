# hostname sets the name uname and /proc/sys/kernel/hostname show; read -t times out.
hostname sprout-test
hostname
uname -n
cat /proc/sys/kernel/hostname
echo other > /proc/sys/kernel/hostname
hostname
uname -s
sleep 2 | { read -t 0.3 x; echo "read -t status: $?"; }
echo y | { read -t 5 x; echo "read -t got: $x"; }
