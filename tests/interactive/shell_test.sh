#!/usr/bin/env bash
# shell_test.sh SPROUT_RUN KERNEL INITRD LOG_DIR: the interactive `./sprout run`, typed into
# through tmux (a real pseudo-terminal) and read back from its screen.
#
# Every step types something and waits for text that only the expected output can produce
# (`echo mark-$((6*7))` shows "mark-42" only once the shell has run it), counting matches on the
# whole screen history so that an earlier match never satisfies a later step. Waits are long
# (a slow, shared machine) but end as soon as the text appears; nothing depends on a fixed sleep.
set -euo pipefail
run=$1 kernel=$2 initrd=$3 log_dir=$4
command -v tmux >/dev/null || {
    echo "interactive: tmux is missing (./sprout test installs it: tools/deps.sh)" >&2
    exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sprout-interactive.XXXXXX")
socket=$tmp/tmux.sock # a tmux server of our own, whatever else runs on the machine
tm() { tmux -S "$socket" "$@"; }
cleanup() {
    tm kill-server 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# The run, in a 100x30 terminal; its exit status lands on the screen when it ends.
printf -v cmd '%q ' "$run" --kernel "$kernel" --initrd "$initrd" --log-dir "$log_dir" --timeout 600
tm -f /dev/null new-session -d -s sprout -x 100 -y 30 "$cmd; rc=\$?; echo; echo RUN-EXIT=\$rc; sleep 3600"

screen() { tm capture-pane -p -J -S - -t sprout; }
count() { screen | grep -cE -- "$1" || true; }

fail() {
    echo "interactive: FAILED: $*" >&2
    echo "interactive: the screen:" >&2
    screen | sed 's/^/| /' >&2
    echo "interactive: the kernel log's tail ($log_dir/LAST.log):" >&2
    tail -n 20 "$log_dir/LAST.log" 2>/dev/null | tr -d '\r' | sed 's/^/| /' >&2
    exit 1
}

# step NAME REGEX TIMEOUT KEYS...: type KEYS (tmux send-keys words), then wait until REGEX
# matches one line more than it did before.
# With SEEN=1, a match anywhere in the history will do (text the shell may print unasked, before
# the keys, such as a job's "Terminated").
step() {
    local name=$1 regex=$2 timeout=$3 before=0 deadline
    shift 3
    ((${SEEN:-0})) || before=$(count "$regex")
    (($# == 0)) || tm send-keys -t sprout "$@"
    deadline=$((SECONDS + timeout))
    while (($(count "$regex") <= before)); do
        ((SECONDS < deadline)) || fail "$name: no line matching '$regex' after ${timeout}s"
        sleep 0.2
    done
    echo "ok $name"
}

step boot_to_prompt '^/ #\s*$' 300
# No kernel log on the user's terminal: it went to the log file.
if screen | grep -qE '^\[ *[0-9]+\.[0-9]+\] '; then
    fail "kernel log lines on the terminal"
fi
echo "ok boot_log_elsewhere"
step shell_answers '^ready-7$' 60 'echo ready-$((3+4))' Enter
if screen | grep -q "job control turned off"; then
    fail "the shell says it has no job control"
fi
echo "ok job_control_on"

step pipeline '^HELLO SPROUT 3$' 60 \
    'echo hello world | tr a-z A-Z | sed s/WORLD/SPROUT/ | while read a b; do echo "$a $b $((1+2))"; done' Enter
# The terminal's size reached the guest (sprout.winsize=): stty asks TIOCGWINSZ.
size=$(tm display-message -p -t sprout '#{pane_height} #{pane_width}')
step window_size "^$size\$" 60 'stty size' Enter

# Ctrl-C: the foreground sleep dies of SIGINT, the shell lives on and says 130.
step sleep_started '^started-5$' 60 "sh -c 'echo started-\$((2+3)); exec sleep 100'" Enter
step ctrl_c_prompt '^/ #\s*$' 60 C-c
step ctrl_c_status '^status-130$' 60 'echo status-$?' Enter

# Ctrl-Z, jobs, bg, jobs, kill %1.
step job_started '^zstart-7$' 60 "sh -c 'echo zstart-\$((3+4)); exec sleep 100'" Enter
step ctrl_z_stops '\[1\]\+ +Stopped' 60 C-z
step jobs_stopped '\[1\]\+ +Stopped' 60 'jobs' Enter
step bg '^\[1\] ' 60 'bg' Enter
step jobs_running '^\[1\]\+ +Running' 60 'jobs' Enter
step kill_job '^killed-9$' 60 'kill %1; echo killed-$((4+5))' Enter
SEEN=1 step job_terminated '^\[1\]\+ +Terminated' 60 'jobs' Enter

# A background job that reads the terminal is stopped by SIGTTIN; with `stty tostop`, one that
# writes is stopped by SIGTTOU. (The loop waits, in the guest, until /proc says it stopped.)
wait_stopped='for i in 1 2 3 4 5 6 7 8 9 10; do [ "$(cut -d" " -f3 /proc/$p/stat)" = T ] && break; sleep 1; done; jobs'
step background_read_sigttin 'Stopped \(tty input\)' 60 "cat & p=\$!; $wait_stopped" Enter
step background_read_killed '^k-25$' 60 'kill -9 $p; echo k-$((5*5))' Enter
step background_write_sigttou 'Stopped \(tty output\)' 60 "stty tostop; echo out & p=\$!; $wait_stopped" Enter
step background_write_killed '^k-36$' 60 'kill -9 $p; stty -tostop; echo k-$((6*6))' Enter

# vi in raw mode: insert a line, save, quit; the file has it.
step vi_opens '^~' 60 'vi /tmp/interactive-vi' Enter
step vi_insert '^hello from vi$' 60 'i' 'hello from vi'
# NOTE: vi takes ESC followed within 50 ms by more bytes as an escape sequence: the pause keeps
# the Escape key apart from ":wq".
tm send-keys -t sprout Escape
sleep 1
step vi_saved '^hello from vi-6$' 60 ':wq' Enter "echo \"\$(cat /tmp/interactive-vi)-\$((2*3))\"" Enter

# Line editing: a typo erased with Backspace and a word with Ctrl-W.
step line_editing '^fixed-8$' 60 'echo fixxd' BSpace BSpace 'ed wrong' C-w BSpace '-$((4*2))' Enter

step poweroff '^RUN-EXIT=0$' 120 'poweroff' Enter
echo "interactive: all steps passed"
