# A subshell is a forked copy: its changes of variables and directory stay inside.
x=1
(x=2; echo "inside: $x")
echo "outside: $x"
mkdir d
(cd d && pwd)
pwd
(exit 5)
echo "status: $?"
{ echo grouped; echo braces; } | wc -l
