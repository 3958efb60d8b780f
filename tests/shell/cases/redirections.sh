# Redirections: truncate, append, stderr into stdout, input, a numbered descriptor.
echo first > f
echo second >> f
cat f
ls /nonexistent-path 2>/dev/null || echo "ls failed quietly"
sh -c 'echo to-stderr >&2' 2>&1 | tr a-z A-Z
wc -l < f
exec 3> g
echo via-fd3 >&3
exec 3>&-
cat g
{ echo a; echo b >&2; } 2>/dev/null
echo x > /dev/null
cat < /dev/null | wc -c
