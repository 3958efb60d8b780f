# printf formats.
printf '%5d|%-5d|%05d\n' 42 42 42
printf '%s and %s\n' one two
printf '%x %o %c\n' 255 8 A
printf '%.3s\n' abcdef
printf '%%\n'
