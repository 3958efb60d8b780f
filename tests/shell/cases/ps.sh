# ps sees a running background process.
sleep 5 &
p=$!
ps -o pid,comm | grep -q "^ *$p sleep" && echo "ps shows the sleep"
kill $p
wait $p 2>/dev/null
echo done
