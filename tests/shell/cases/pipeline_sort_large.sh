# A large pipeline: 100000 lines through sort (the issue's own example).
seq 1 100000 | sort -rn | head -1
seq 1 100000 | sort -n | tail -1
