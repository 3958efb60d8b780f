# read in a loop fed by a pipe, and IFS splitting.
printf 'a b\nc d\ne f\n' | while read -r x y; do echo "$y $x"; done
echo "1:2:3" | { IFS=: read -r a b c; echo "$c$b$a"; }
printf 'line1\nline2' | { read -r l; echo "got $l"; }
