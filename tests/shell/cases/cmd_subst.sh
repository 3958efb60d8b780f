# Command substitution, nested and with backquotes; trailing newlines are dropped.
x=$(echo a; echo b)
echo "$x"
echo "$(echo outer $(echo inner $(echo deepest)))"
y=`echo back quoted`
echo "$y"
n=$(seq 1 5 | wc -l)
echo "lines: $n"
z=$(printf 'trail\n\n\n')
echo "[$z]"
