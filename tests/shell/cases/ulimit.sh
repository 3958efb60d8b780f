# ulimit: the defaults a Linux process starts with, and changes in a subshell.
ulimit -n
ulimit -s
ulimit -c
(ulimit -n 100; ulimit -n)
ulimit -n
