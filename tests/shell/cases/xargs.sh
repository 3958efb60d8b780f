# xargs: batching, -n, -I.
seq 1 5 | xargs echo
seq 1 6 | xargs -n 2 echo
printf 'a\nb\n' | xargs -I{} echo item-{}
echo "x y z" | xargs -n 1 | wc -l
