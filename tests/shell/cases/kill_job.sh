# kill a background job; its status is 128 + the signal.
sleep 10 &
p=$!
kill $p
wait $p
echo "killed: $?"
sleep 10 &
kill -9 $!
wait $!
echo "killed -9: $?"
