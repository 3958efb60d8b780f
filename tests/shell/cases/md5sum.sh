# md5sum of files and of stdin; -c checks a list.
echo hi | md5sum
printf 'abc' > f
md5sum f
md5sum f > sums
md5sum -c sums
