# awk: fields, sums, printf, BEGIN and END.
seq 1 100 | awk '{ s += $1 } END { print "sum", s }'
echo "a:b:c" | awk -F: '{ print $2, NF }'
printf 'x 1\ny 2\n' | awk '{ printf "%s=%d\n", $1, $2 * 10 }'
awk 'BEGIN { for (i = 0; i < 3; i++) printf "%d ", i; print "" }'
seq 1 50000 | awk '{ s += $1 } END { print s }'
