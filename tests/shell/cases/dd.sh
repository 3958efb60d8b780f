# dd: block sizes, counts, skip and seek.
dd if=/dev/zero bs=1024 count=100 2>/dev/null | wc -c
printf '0123456789' > f
dd if=f bs=1 skip=3 count=4 2>/dev/null
echo
dd if=f of=g bs=2 count=2 2>/dev/null
cat g
echo
printf 'AB' | dd of=f bs=1 seek=5 conv=notrunc 2>/dev/null
cat f
echo
