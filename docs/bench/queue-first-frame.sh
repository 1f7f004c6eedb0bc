#!/usr/bin/env bash
# The queue's first frame, end to end: from the process starting to the
# selected item's row (▸) on a tmux screen, the screen read every 2 ms.
# Each run opens a fresh copy of the database (nothing of it in the page
# cache of a process of ours), in a terminal of COLSxROWS. A first run,
# not timed, lets the workstation remember its check of the chain, as a
# reviewer's machine does after the first open.
#
#   docs/bench/queue-first-frame.sh BINARY DB [COLS ROWS [RUNS]]
#
# Prints one line per run: milliseconds from exec to the first frame.
# BENCHMARKS.md ("The queue after real writes") runs it under
# `flock /tmp/gotest.lock`, alternating binaries.
set -eu
bin=$1 db=$2 cols=${3:-160} rows=${4:-48} runs=${5:-5}
work=$(mktemp -d)
sock=qff-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$work"' EXIT
mkdir -p "$work/home"
now() { date +%s%N; }
cp "$db" "$work/q.db"
tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" -s main \
	"HOME=$work/home exec $bin --db $work/q.db --as alice queue"
sleep 5
tmux -L "$sock" kill-server 2>/dev/null || true
sleep 0.2
for _ in $(seq "$runs"); do
	rm -f "$work"/q.db*
	cp "$db" "$work/q.db"
	rm -f "$work/start"
	# The shell waits for a line, notes the time and becomes signoff.
	tmux -L "$sock" -f /dev/null new-session -d -x "$cols" -y "$rows" -s main \
		"read _; date +%s%N > $work/start; HOME=$work/home exec $bin --db $work/q.db --as alice queue"
	sleep 0.3
	tmux -L "$sock" send-keys -t main Enter
	seen=
	for _ in $(seq 5000); do
		if tmux -L "$sock" capture-pane -p -t main 2>/dev/null | grep -q '▸'; then
			seen=$(now)
			break
		fi
		sleep 0.002
	done
	start=$(cat "$work/start" 2>/dev/null || echo 0)
	tmux -L "$sock" kill-server 2>/dev/null || true
	sleep 0.2
	if [ -z "$seen" ] || [ "$start" = 0 ]; then
		echo "no first frame within the wait" >&2
		exit 1
	fi
	echo $(((seen - start) / 1000000))
done
