# sed: substitute, print, delete, ranges, in-place.
echo "hello world" | sed 's/o/0/g'
seq 1 10 | sed -n '3,5p'
seq 1 5 | sed '2d'
printf 'a\nb\nc\n' | sed '1!G;h;$!d'
echo "text" > f
sed -i 's/text/changed/' f
cat f
