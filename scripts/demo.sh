#!/usr/bin/env bash
# The main job on the built-in demo: decompose the RDNUNQXOR system (Griffith & Koch 2014), whose four
# BROJA atoms are each exactly 1 bit, under all three measures, on the best available accelerator.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
mkdir -p "$root/out/demo"
"$root/src/PidGpu.Cli/bin/Release/net10.0/pidgpu" decompose \
  --joint "$root/scripts/demo/rdnunqxor.json" --measure all --out "$root/out/demo/result.json" "$@"
echo "result written to out/demo/result.json"
