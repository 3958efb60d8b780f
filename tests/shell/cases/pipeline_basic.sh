# Pipelines: data flows through several processes, each stage its own child.
echo hello world | tr a-z A-Z
seq 1 10 | wc -l
printf 'b\na\nc\n' | sort | head -n 2
seq 1 1000 | grep 7 | wc -l
echo one | cat | cat | cat | cat | cat
