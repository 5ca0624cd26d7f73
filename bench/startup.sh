#!/usr/bin/env bash
# Start-up of the short commands, end to end through the launcher (bash, the staleness check, the JVM's
# start and the command's work): for each command, the median of N runs with the class-data-sharing
# archive (target/cds/netgrad.jsa) and without it (NETGRAD_CDS=0, the baseline), the two interleaved in
# the same run, and their ratio (< 1: the archive is faster). With --before DIR, also the launcher of
# another checkout (say, the previous version, built), interleaved with the two, and archive/before.
# Wall time is what a user waits; CPU time (user + sys, all processes) is printed too, as it moves much
# less than wall time when other work shares the cores.
#   bench/startup.sh [--runs N] [--before DIR]        (N >= 10, default 15)
# Needs only bash (its `time`), sort and awk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs=15
before=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:-}"; shift 2 || shift ;;
    --before) before="${2:-}"; shift 2 || shift ;;
    *) echo "usage: bench/startup.sh [--runs N] [--before DIR]" >&2; exit 2 ;;
  esac
done
case "$runs" in
  '' | *[!0-9]*) echo "bench/startup.sh: --runs needs a whole number >= 10" >&2; exit 2 ;;
esac
[ "$runs" -ge 10 ] || { echo "bench/startup.sh: --runs needs a whole number >= 10" >&2; exit 2; }
if [ -n "$before" ] && [ ! -x "$before/netgrad" ]; then
  echo "bench/startup.sh: --before $before: no launcher $before/netgrad" >&2
  exit 2
fi
cd "$root"
ng="$root/netgrad"
# Build the jar and its archive first (and the other checkout's jar), outside the timings.
"$ng" --version >/dev/null
[ -z "$before" ] || "$before/netgrad" --version >/dev/null
if [ ! -f "$root/target/cds/netgrad.jsa" ]; then
  echo "bench/startup.sh: no archive in target/cds (see target/cds/dump.log): nothing to compare" >&2
  exit 1
fi

# One run of launcher $1 with NETGRAD_CDS=$2 and arguments $3...: "wall cpu" in milliseconds.
run_once() {
  local launcher="$1" cds="$2" t real user sys
  shift 2
  t=$( { TIMEFORMAT='%3R %3U %3S'; time NETGRAD_CDS="$cds" "$launcher" "$@" >/dev/null 2>&1; } 2>&1) || {
    echo "bench/startup.sh: '$launcher $*' failed" >&2
    exit 1
  }
  read -r real user sys <<<"$t"
  awk -v r="$real" -v u="$user" -v s="$sys" 'BEGIN { printf "%.0f %.0f\n", 1000 * r, 1000 * (u + s) }'
}
# The median of the numbers in column $1 of stdin.
median() {
  awk -v c="$1" '{ print $c }' | sort -n | awk '{ v[NR] = $1 }
    END { printf "%.0f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b / a }'; }

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' | cut -c1-40)"
echo "# $(java -version 2>&1 | head -n 1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "# median of $runs runs each, interleaved (order rotating), whole process through the launcher"
[ -z "$before" ] || echo "# before: $before/netgrad"
commands=("verify specs/lecture4.net" "check specs/lecture4.net" "plan specs/lecture4.net"
  "explain specs/lecture4.net")
variants=(without with)
[ -z "$before" ] || variants+=(old)
declare -A times # times[variant,command index]: lines "wall cpu"
for ((c = 0; c < ${#commands[@]}; c++)); do
  for ((i = 0; i < runs; i++)); do
    for ((k = 0; k < ${#variants[@]}; k++)); do
      v="${variants[(i + k) % ${#variants[@]}]}"
      # shellcheck disable=SC2086 # the command is a word list
      case "$v" in
        without) t=$(run_once "$ng" 0 ${commands[c]}) ;;
        with) t=$(run_once "$ng" 1 ${commands[c]}) ;;
        old) t=$(run_once "$before/netgrad" 1 ${commands[c]}) ;;
      esac
      times[$v,$c]+="$t"$'\n'
    done
  done
done
for col in 1 2; do
  echo
  [ $col = 1 ] && echo "wall time, ms" || echo "CPU time (user + sys), ms"
  if [ -n "$before" ]; then
    printf '%-27s %9s %11s %9s %8s %8s\n' command "before" "no archive" "archive" "/no arch" "/before"
  else
    printf '%-27s %11s %9s %8s\n' command "no archive" "archive" "/no arch"
  fi
  for ((c = 0; c < ${#commands[@]}; c++)); do
    a=$(printf '%s' "${times[without,$c]}" | median $col)
    b=$(printf '%s' "${times[with,$c]}" | median $col)
    if [ -n "$before" ]; then
      o=$(printf '%s' "${times[old,$c]}" | median $col)
      printf '%-27s %9s %11s %9s %8s %8s\n' "${commands[c]}" "$o" "$a" "$b" "$(ratio "$a" "$b")" \
        "$(ratio "$o" "$b")"
    else
      printf '%-27s %11s %9s %8s\n' "${commands[c]}" "$a" "$b" "$(ratio "$a" "$b")"
    fi
  done
done
echo
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
