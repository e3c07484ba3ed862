#!/usr/bin/env bash
# The main job on the built-in demo, in two parts:
# 1. decompose the RDNUNQXOR system (Griffith & Koch 2014), whose four BROJA atoms are each exactly 1 bit;
# 2. `pidgpu demo`: the layer-wise analysis of the project's tiny scene VLM (models/tiny-vlm) on its 10 tasks, written as
#    a question set (pidgpu scenes) and run through the question path (knockout --data),
#    intact and with Image->Question knockouts, with plots in out/demo-run/plots.
# Extra arguments go to `pidgpu demo` (e.g. --samples 200, --device cpu).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cd "$root"
mkdir -p out/demo
pidgpu="$root/src/PidGpu.Cli/bin/Release/net10.0/pidgpu"
"$pidgpu" decompose --joint scripts/demo/rdnunqxor.json --measure all --out out/demo/result.json
echo "result written to out/demo/result.json"
echo
"$pidgpu" demo --out out/demo-run "$@"
