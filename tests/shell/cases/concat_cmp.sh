# cat concatenates; cmp and diff compare.
seq 1 3 > a
seq 4 6 > b
cat a b > c
wc -l < c
cat a b | cmp - c && echo same
echo 7 >> c
cmp -s a c || echo differ
diff a a && echo "diff: identical"
