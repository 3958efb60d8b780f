# Parameter expansion.
x=/usr/local/lib/file.tar.gz
echo ${#x}
echo ${x%.*} ${x%%.*}
echo ${x#*/} ${x##*/}
unset u
echo ${u:-default} ${u:=assigned} $u
y=abcdef
echo ${y:2:3}
echo ${y/cd/XX}
