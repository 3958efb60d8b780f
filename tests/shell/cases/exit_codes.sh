# Exit statuses: explicit, command not found (127), not executable (126).
# expect-status: 7
sh -c 'exit 42'
echo "exit 42: $?"
/nonexistent/command 2>/dev/null
echo "not found: $?"
printf '#!/bin/sh\necho hi\n' > script
/tmp/case/script 2>/dev/null
echo "not executable: $?"
chmod +x script
./script
echo "executable: $?"
sh -c 'kill -0 $$ && exit 0'
echo "kill -0 self: $?"
exit 7
