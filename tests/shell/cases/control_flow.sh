# if/elif/else, case, for, while, until, break, continue.
for x in 1 2 3 4 5 6; do
    case $x in
    1) echo one ;;
    2|3) echo two-or-three ;;
    *) if [ $x -eq 4 ]; then echo four; elif [ $x -eq 5 ]; then continue; else break; fi ;;
    esac
done
n=0
while [ $n -lt 3 ]; do n=$((n + 1)); done
echo "while: $n"
until [ $n -eq 0 ]; do n=$((n - 1)); done
echo "until: $n"
