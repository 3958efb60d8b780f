# sort: numeric, reverse, unique, by key.
printf '10\n9\n100\n1\n' | sort -n
printf 'b\na\nb\nc\n' | sort -u
printf 'x 3\ny 1\nz 2\n' | sort -k2 -n
printf 'a\nc\nb\n' | sort -r
