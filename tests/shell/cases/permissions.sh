# Modes: chmod, umask, test -x/-r/-w.
umask
umask 077
touch private
stat -c '%a' private
umask 022
touch public
stat -c '%a' public
chmod 751 public
stat -c '%a' public
chmod u-x public
test -x public || echo "not executable now"
test -r public && echo readable
mkdir dir
chmod 700 dir
stat -c '%a %F' dir
