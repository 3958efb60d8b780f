# sleep waits and returns 0; a background sleep is waited for.
sleep 0.1
echo "slept: $?"
sleep 0.2 &
wait $!
echo "waited: $?"
