#!/usr/bin/env bash
# Start-up of the short commands, end to end through the launcher (bash, the staleness check, the JVM's
# start and the command's work): for each command, the median of N runs with the class-data-sharing
# archive (target/cds/netgrad.jsa) and without it (NETGRAD_CDS=0, the baseline), the two interleaved in
# the same run, and their ratio (< 1: the archive is faster).
#   bench/startup.sh [--runs N]        (N >= 10, default 15)
# Needs only bash, GNU date (for %N), sort and awk.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs=15
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="${2:-}"; shift 2 || shift ;;
    *) echo "usage: bench/startup.sh [--runs N]" >&2; exit 2 ;;
  esac
done
case "$runs" in
  '' | *[!0-9]*) echo "bench/startup.sh: --runs needs a whole number >= 10" >&2; exit 2 ;;
esac
[ "$runs" -ge 10 ] || { echo "bench/startup.sh: --runs needs a whole number >= 10" >&2; exit 2; }
case "$(date +%N)" in
  *N* | '') echo "bench/startup.sh: needs GNU date (date +%N)" >&2; exit 65 ;;
esac
cd "$root"
ng="$root/netgrad"
# Build the jar and its archive first, outside the timings.
"$ng" --version >/dev/null
if [ ! -f "$root/target/cds/netgrad.jsa" ]; then
  echo "bench/startup.sh: no archive in target/cds (see target/cds/dump.log): nothing to compare" >&2
  exit 1
fi

# Milliseconds (to 0.1) of one run of the launcher with NETGRAD_CDS=$1 and arguments $2...
run_ms() {
  local cds="$1" s e
  shift
  s=$(date +%s%N)
  NETGRAD_CDS="$cds" "$ng" "$@" >/dev/null 2>&1 || {
    echo "bench/startup.sh: './netgrad $*' failed" >&2
    exit 1
  }
  e=$(date +%s%N)
  echo $(((e - s) / 100000))
}
# The median of tenths of milliseconds (on stdin), printed in milliseconds.
median() {
  sort -n | awk '{ v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 10 }'
}

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' | cut -c1-40)"
echo "# $(java -version 2>&1 | head -n 1)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "# median of $runs runs each, interleaved (order alternating), whole process through ./netgrad"
printf '%-28s %14s %14s %7s\n' command "no archive ms" "archive ms" ratio
for cmd in "verify specs/lecture4.net" "check specs/lecture4.net" "plan specs/lecture4.net" \
  "explain specs/lecture4.net"; do
  with=()
  without=()
  for ((i = 0; i < runs; i++)); do
    # shellcheck disable=SC2086 # cmd is a word list
    if ((i % 2 == 0)); then
      without+=("$(run_ms 0 $cmd)")
      with+=("$(run_ms 1 $cmd)")
    else
      with+=("$(run_ms 1 $cmd)")
      without+=("$(run_ms 0 $cmd)")
    fi
  done
  a=$(printf '%s\n' "${without[@]}" | median)
  b=$(printf '%s\n' "${with[@]}" | median)
  printf '%-28s %14s %14s %7s\n' "$cmd" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", b / a }')"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
