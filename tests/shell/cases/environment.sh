# export passes a variable to children; env -i empties the environment.
A=not-exported
sh -c 'echo "A=${A:-unset}"'
export A=exported
sh -c 'echo "A=$A"'
env -i /bin/sh -c 'echo "A=${A:-unset}"'
B=just-for-this sh -c 'echo "B=$B"'
echo "B=${B:-unset}"
echo "$HOME $PATH"
