# Background jobs and wait: every job's status comes back through wait.
(echo bg-one > f1) &
(echo bg-two > f2) &
wait
cat f1 f2
(exit 3) &
p=$!
wait $p
echo "wait status: $?"
for i in 1 2 3 4 5; do (echo $i > n$i) & done
wait
cat n1 n2 n3 n4 n5 | tr '\n' ' '
echo
