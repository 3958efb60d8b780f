# exec replaces the shell: what follows never runs.
sh -c 'exec echo replaced; echo not reached'
sh -c 'exec sh -c "exit 9"'
echo "status $?"
(exec true)
echo "subshell exec: $?"
