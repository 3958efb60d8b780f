# /dev/null swallows, /dev/zero gives zeros.
echo gone > /dev/null
head -c 5 /dev/zero | od -An -tx1
cat /dev/null | wc -c
