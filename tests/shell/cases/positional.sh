# Positional parameters: set --, shift, $#, "$@", eval.
set -- a "b c" d
echo $#
for x in "$@"; do echo "[$x]"; done
shift
echo "$1"
eval 'v=$(echo evaluated)'
echo $v
