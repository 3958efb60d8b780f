# set -e stops at the first failure, but not inside a condition.
sh -c 'set -e; echo before; false; echo after'
echo "status $?"
sh -c 'set -e; if false; then :; fi; echo survived'
sh -c 'set -e; false || echo recovered'
