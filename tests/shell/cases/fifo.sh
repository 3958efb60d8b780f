# Named pipes: a producer and a consumer meeting on a FIFO, and a FIFO as a job's channel.
mkfifo f
ls -l f | cut -c1
seq 1 5 > f &
sum=0
while read -r n; do sum=$((sum + n)); done < f
wait
echo "sum $sum"
mkfifo g
(while read -r line; do echo "got $line"; done < g) &
exec 3> g
echo one >&3
echo two >&3
exec 3>&-
wait
rm f g
ls
