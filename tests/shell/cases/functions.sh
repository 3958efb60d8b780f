# Functions, recursion, local variables, return statuses.
fact() {
    if [ "$1" -le 1 ]; then echo 1; return; fi
    echo $(( $1 * $(fact $(($1 - 1))) ))
}
fact 10
f() { local v=inner; echo "$v"; return 3; }
v=outer
f
echo "status $? v=$v"
