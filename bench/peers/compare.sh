#!/usr/bin/env bash
# PidGpu against numpy / scikit-learn on the same files, back to back, ROUNDS times (default 3), so both sides see the
# same machine load. Needs Debian's python3-numpy (and python3-sklearn for the PCA peer), with libopenblas0-pthread as
# the libblas.so.3 alternative (`apt-get install python3-numpy python3-sklearn libopenblas0-pthread`).
#   bench/peers/compare.sh gaussian [N d1 d2]   end-to-end Gaussian MMI PID from .npy (default 200000 × 64, 64, Y scalar)
#   bench/peers/compare.sh pca [N d]            one layer to 95 % of the variance (default 10000 × 4096)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
py=/usr/bin/python3
rounds="${ROUNDS:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pidgpu="$root/src/PidGpu.Cli/bin/Release/net10.0/pidgpu"
bench="$root/bench/PidGpu.Bench/bin/Release/net10.0/PidGpu.Bench.dll"
now() { date +%s.%N; }
case "${1:-}" in
  gaussian)
    n="${2:-200000}" d1="${3:-64}" d2="${4:-64}"
    "$py" "$root/bench/peers/make_data.py" gaussian "$work" "$n" "$d1" "$d2"
    echo "N = $n, d1 = $d1, d2 = $d2, dy = 1 (float32 .npy); $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg)"
    for r in $(seq "$rounds"); do
      t0=$(now)
      "$pidgpu" decompose --estimator gaussian --x1 "$work/x1.npy" --x2 "$work/x2.npy" --y "$work/y.npy" \
        --measure mmi --pca 0 --gaussianize none --out "$work/result.json" 2>/dev/null | tail -1
      t1=$(now)
      "$py" "$root/bench/peers/gaussian_peer.py" "$work/x1.npy" "$work/x2.npy" "$work/y.npy" | head -1
      t2=$(now)
      echo "round $r: pidgpu $(awk "BEGIN{print $t1 - $t0}") s wall, numpy $(awk "BEGIN{print $t2 - $t1}") s wall (both from process start)"
    done ;;
  pca)
    n="${2:-10000}" d="${3:-4096}"
    "$py" "$root/bench/peers/make_data.py" layer "$work/layer.npy" "$n" "$d"
    echo "N = $n, d = $d (float32 .npy); $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg)"
    for r in $(seq "$rounds"); do
      echo "round $r:"
      dotnet "$bench" reduce "$work/layer.npy" host | grep -E '^read|^\| Host'
      "$py" "$root/bench/peers/pca_peer.py" "$work/layer.npy"
    done ;;
  *) sed -n 2,6p "$0"; exit 2 ;;
esac
