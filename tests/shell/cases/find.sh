# find by name, type and depth.
mkdir -p a/b/c
touch a/one.txt a/b/two.txt a/b/c/three.log
find . -name '*.txt' | sort
find . -type d | sort
find . -name '*.log' -type f
find a -maxdepth 1 | sort
