# Many short processes: xargs starting one sh per line.
seq 1 50 | xargs -n 1 sh -c 'echo $(($0 * 2))' | tail -n 1
seq 1 200 | xargs -n 10 echo | wc -l
i=0
while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done
echo "ran $i"
