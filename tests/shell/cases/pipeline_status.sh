# A pipeline's status is its last command's; `!` negates it.
false | true
echo "false|true: $?"
true | false
echo "true|false: $?"
! false
echo "!false: $?"
sh -c 'exit 3' | sh -c 'exit 4'
echo "3|4: $?"
