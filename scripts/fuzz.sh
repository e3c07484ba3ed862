#!/usr/bin/env bash
# Fuzzes every file reader with fuzz/PidGpu.Fuzz (a deterministic in-process mutation fuzzer; see fuzz/README.md):
#   ./scripts/fuzz.sh [SECONDS_PER_READER] [PidGpu.Fuzz options: TARGET..., --seed N, --iterations N, ...]
# Default 60 s per reader (14 readers). Exit 1 on a finding: a reader threw anything but PidInputException, ran over
# 2 s on one input, or allocated over 1,200 MB; the input and its stack trace are saved under fuzz/findings/TARGET/
# (after a native abort, the input is the fuzzed file left in fuzz/findings/scratch-PID/TARGET/).
# Needs only the .NET SDK (nothing to install); builds the harness first (a no-op when it is up to date).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift $(( $# > 0 ? 1 : 0 ))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build fuzz/PidGpu.Fuzz -c Release -nologo -v quiet
status=0
dotnet fuzz/PidGpu.Fuzz/bin/Release/net10.0/PidGpu.Fuzz.dll --seconds "$seconds" "$@" || status=$?
if [ "$status" -gt 128 ]; then
  # A native abort (e.g. a panic in the Rust tokenizer) kills the process: no report, but the input stays behind.
  newest="$(find fuzz/findings -path '*/scratch-*/*' -type f -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2- || true)"
  echo "fuzz: the fuzzer died of signal $((status - 128)) inside a reader; the input it was reading: ${newest:-not found (was --findings given?)}" >&2
fi
exit "$status"
