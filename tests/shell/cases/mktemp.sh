# mktemp makes a fresh file and directory.
f=$(mktemp)
test -f "$f" && echo "file made"
d=$(mktemp -d)
test -d "$d" && echo "dir made"
rm -r "$f" "$d"
test -e "$f" || echo "gone"
