# trap on EXIT runs when the shell ends, also from a subshell's own trap.
trap 'echo bye from trap' EXIT
(trap 'echo subshell bye' EXIT; echo in subshell)
echo main body
