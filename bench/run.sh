#!/usr/bin/env bash
# Times one epoch of 784-128-128-10 (tanh and relu, batch 64, float64 and float32) in netgrad and in the NumPy
# baseline (Debian's /usr/bin/python3 + python3-numpy on OpenBLAS, 1 and 2 threads), in the same run, and prints a
# table: the best epoch of each, and netgrad's time as a ratio of the NumPy's best setting (< 1: netgrad is faster).
# float32 rows: netgrad's train --precision float32 against NumPy with every array float32 (--dtype float32).
#   bench/run.sh [--epochs N] [--synthetic-only]     (N timed epochs per case, default 5, after a warm-up epoch)
# Needs: sudo apt-get install python3-numpy libopenblas0-pthread   (and dataset-fashion-mnist for the real case)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
epochs=5
real=1
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs="$2"; shift 2 ;;
    --synthetic-only) real=0; shift ;;
    *) echo "usage: bench/run.sh [--epochs N] [--synthetic-only]" >&2; exit 2 ;;
  esac
done
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread
[ -e "$openblas/libblas.so.3" ] || { echo "bench/run.sh: OpenBLAS missing: sudo apt-get install libopenblas0-pthread" >&2; exit 65; }
/usr/bin/python3 -c "import numpy" 2>/dev/null || { echo "bench/run.sh: sudo apt-get install python3-numpy" >&2; exit 65; }
data_dir=/usr/share/datasets/fashion-mnist
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

echo "# $(date -u +%FT%TZ) $(uname -m), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
# The baseline at its best: glibc's malloc otherwise hands the ~800 KB gradient arrays back to the kernel after
# every step (mmap/munmap + page faults), which doubles NumPy's epoch time; and OpenBLAS is run both with the
# environment's OPENBLAS_CORETYPE and with its own CPU detection (on AVX-512 machines it picks faster kernels).
numpy_env=(LD_LIBRARY_PATH="$openblas" MALLOC_MMAP_THRESHOLD_=16777216 MALLOC_TRIM_THRESHOLD_=268435456)
coretypes=("${OPENBLAS_CORETYPE:-}")
[ -n "${OPENBLAS_CORETYPE:-}" ] && coretypes+=("")
for act in tanh relu; do
 for dtype in float64 float32; do
  for t in 1 2; do
    for core in "${coretypes[@]}"; do
      core_env=(-u OPENBLAS_CORETYPE)
      [ -n "$core" ] && core_env=(OPENBLAS_CORETYPE="$core")
      sets=("")
      [ "$real" = 1 ] && [ -d "$data_dir" ] && sets+=("--data=$data_dir")
      for s in "${sets[@]}"; do
        env "${core_env[@]}" "${numpy_env[@]}" OPENBLAS_NUM_THREADS=$t /usr/bin/python3 "$here/numpy_epoch.py" \
          --activation $act --epochs "$epochs" --dtype $dtype $s | sed "s/\$/ coretype=${core:-auto}/" | tee -a "$log"
      done
    done
  done
 done
done
extra=()
[ "$real" = 1 ] || extra=(--synthetic-only)
for precision in float64 float32; do
  "$root/netgrad" bench epoch --epochs "$epochs" --precision $precision "${extra[@]}" 2>/dev/null | tee -a "$log"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
awk '
  $1 == "numpy" || $1 == "netgrad" {
    if ($3 != "synthetic" && $3 != "real") next
    delete f; f["dtype"] = "float64"
    for (i = 4; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = $1 " " $2 " " $3 " " f["dtype"] " " f["threads"]
    if (!(key in best) || f["epoch_s"] < best[key]) best[key] = f["epoch_s"]
  }
  function better(x, y) { return x == "" ? y : (y != "" && y + 0 < x + 0) ? y : x }
  function secs(x) { return x == "" ? sprintf("%9s", "-") : sprintf("%8.3fs", x) }
  END {
    printf "%-5s %-9s %-7s %9s %9s %11s %11s   %s\n", "act", "data", "dtype", "numpy t=1", "numpy t=2", \
      "netgrad t=1", "netgrad t=2", "netgrad best / numpy best"
    n = split("tanh relu", acts, " "); m = split("synthetic real", sets, " "); q = split("float64 float32", dts, " ")
    for (a = 1; a <= n; a++) for (d = 1; d <= q; d++) for (s = 1; s <= m; s++) {
      k = acts[a] " " sets[s] " " dts[d]
      p1 = best["numpy " k " 1"]; p2 = best["numpy " k " 2"]; j1 = best["netgrad " k " 1"]; j2 = best["netgrad " k " 2"]
      if (p1 == "" && j1 == "") continue
      pb = better(p1, p2); jb = better(j1, j2)
      printf "%-5s %-9s %-7s %s %s   %s   %s   %s\n", acts[a], sets[s], dts[d], secs(p1), secs(p2), secs(j1), secs(j2),
        (pb == "" || jb == "") ? "-" : sprintf("%.2f", jb / pb)
    }
  }' "$log"
echo "(best of $epochs epochs each, seconds; ratio < 1: netgrad is faster than NumPy + OpenBLAS at its best)"
