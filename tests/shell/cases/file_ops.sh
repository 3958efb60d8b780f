# Files and directories: mkdir, touch, cp, mv, rm, ln, readlink, stat.
mkdir -p d/e/f
echo data > d/file
cp d/file d/copy
mv d/copy d/e/moved
cat d/e/moved
ln -s ../file d/e/link
readlink d/e/link
cat d/e/link
ln d/file d/hard
stat -c '%h %s' d/file
rm d/hard
stat -c '%h' d/file
rm -r d/e
ls d
rmdir d 2>/dev/null || echo "not empty"
