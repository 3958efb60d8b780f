# Descriptors across fork and exec: a subshell writes into the parent's file.
exec 4> out
(echo from-subshell >&4)
sh -c 'echo from-child >&4'
exec 4>&-
cat out
exec 5< out
read -r first <&5
echo "read: $first"
exec 5<&-
