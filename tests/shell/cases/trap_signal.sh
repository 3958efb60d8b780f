# trap a signal: the handler runs, the shell goes on.
trap 'echo got USR1' USR1
kill -USR1 $$
echo after
trap - USR1
sh -c 'trap "echo child TERM; exit 3" TERM; kill -TERM $$; sleep 1'
echo "child status: $?"
