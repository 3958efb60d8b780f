# wc, head, tail, cut, tr, uniq, tee, rev, paste.
seq 1 20 > n
wc -l < n
head -n 3 n | tr '\n' ' '; echo
tail -n 2 n | tr '\n' ' '; echo
echo "a,b,c" | cut -d, -f2
printf 'a\na\nb\n' | uniq -c | tr -s ' '
echo abc | tee copy | rev
cat copy
printf '1\n2\n' > p1
printf 'x\ny\n' > p2
paste p1 p2
