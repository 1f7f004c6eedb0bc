#!/usr/bin/env bash
# What waiting gates cost: N `signoff gate` processes (Claude Code calls
# on the gate's test incident, mapped by fixtures/gate-map.toml) wait on
# one fresh database; once `signoff pending` lists them all and four more
# seconds have passed, the sum of utime+stime in their /proc/PID/stat is
# read before and after SECONDS.
#
#   docs/bench/gates-waiting.sh BINARY [N [SECONDS]]
#
# Run from the repository root. Prints one line: the ticks (CLK_TCK a
# second) the gates used. BENCHMARKS.md ("Waiting without polling") runs
# it under `flock /tmp/gotest.lock`, once for each binary.
set -eu
bin=$1 n=${2:-50} secs=${3:-20}
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$bin" --db "$work/g.db" import cmd/signoff/testdata/gate/incident.ndjson >/dev/null
for i in $(seq 1 "$n"); do
	printf '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":"iptables -A INPUT -s 198.51.100.%d -j DROP"},"tool_use_id":"toolu_w%02d"}' "$i" "$i" |
		"$bin" --db "$work/g.db" gate --incident INC-7 --agent claude --from claude-code \
			--map fixtures/gate-map.toml --wait 120s >/dev/null 2>&1 &
	pids+=($!)
done
for _ in $(seq 1 100); do
	listed=$("$bin" --db "$work/g.db" pending --incident INC-7 --json | grep -o '"S-toolu_w' | wc -l)
	[ "$listed" -ge "$n" ] && break
	sleep 0.2
done
sleep 4
ticks() {
	local sum=0 u s
	for p in "${pids[@]}"; do
		read -r u s < <(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null || echo "0 0")
		sum=$((sum + u + s))
	done
	echo "$sum"
}
before=$(ticks)
sleep "$secs"
after=$(ticks)
alive=0
for p in "${pids[@]}"; do [ -e "/proc/$p" ] && alive=$((alive + 1)); done
echo "$(basename "$bin"): $n gates ($alive still waiting), $((after - before)) ticks over ${secs}s (CLK_TCK $(getconf CLK_TCK)), load $(cut -d' ' -f1-3 /proc/loadavg)"
