# grep: count, invert, ignore case, extended regexps, quiet status.
printf 'apple\nBanana\ncherry\n' > f
grep -c a f
grep -v an f
grep -i banana f
grep -E '^(a|c)' f
grep -q zzz f
echo "no match: $?"
