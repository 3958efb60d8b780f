# CPU time and load, as a user sees them: `time` reports the user time a busy loop burnt (wait4's
# rusage), `times` the shell's children's (times(2)), uptime and free read sysinfo(2),
# /proc/loadavg and /proc/stat have Linux's shape. Only properties are printed, never times.
busy='i=0; while [ $i -lt 100000 ]; do i=$((i+1)); done'
{ time sh -c "$busy"; } 2>&1 | awk '$1 == "user" { sub("s", "", $3); split($2 $3, t, "m"); print (t[1] * 60 + t[2] > 0.05) ? "time: user time counted" : "time: no user time (" $0 ")" }'
# `times` in the shell itself (a pipeline would run it in a subshell, which has no children).
sh -c "$busy"
times > times.out
awk 'NR == 2 { split($1, t, "m"); sub("s", "", t[2]); print (t[1] * 60 + t[2] > 0.05) ? "times: children user time counted" : "times: none (" $0 ")" }' times.out
uptime | grep -q 'load average: [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9], [0-9]*\.[0-9][0-9]$' && echo "uptime shows three load averages"
free | awk '$1 == "Mem:" && $2 > 0 && $4 > 0 && $4 <= $2 { print "free: total and free memory" }'
awk '{ print NF, ($4 ~ /^[0-9]+\/[0-9]+$/) ? "running/total" : $4 }' /proc/loadavg
grep -c '^cpu' /proc/stat
awk '$1 == "cpu" { print NF, ($2 + $4 > 0) ? "busy ticks" : "no ticks" }' /proc/stat
for key in ctxt btime processes procs_running procs_blocked; do grep -q "^$key [0-9]*$" /proc/stat && echo "$key"; done
