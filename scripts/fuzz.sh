#!/usr/bin/env bash
# Fuzzes every file reader with fuzz/PidGpu.Fuzz, a coverage-guided in-process mutation fuzzer (see fuzz/README.md):
#   ./scripts/fuzz.sh [SECONDS_PER_READER] [PidGpu.Fuzz options: TARGET..., --seed N, --iterations N, ...]
# Default 60 s per reader (18 readers). Exit 1 on a finding: a reader threw anything but PidInputException, ran over
# 2 s on one input, or allocated over 1,200 MB; the input and its stack trace are saved under fuzz/findings/TARGET/
# (after a native abort, the input is the fuzzed file left in fuzz/findings/scratch-PID/TARGET/).
# Builds the harness, restores the sharpfuzz tool (fuzz/.config/dotnet-tools.json, from NuGet), copies the harness's
# build output to fuzz/out/ and instruments the copies of PidGpu.dll, PidGpu.Inputs.dll (tokenizers) and
# PidGpu.Models.dll there; the normal build output is never instrumented. Needs only the .NET SDK.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
seconds="${1:-60}"
shift $(( $# > 0 ? 1 : 0 ))
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build fuzz/PidGpu.Fuzz -c Release -nologo -v quiet
(cd fuzz && dotnet tool restore >/dev/null)

bin=fuzz/PidGpu.Fuzz/bin/Release/net10.0
out=fuzz/out
rm -rf "$out"
mkdir -p "$out"
# The managed files are copied (a few MB); the native libraries (libtorch, about 900 MB) are linked, not copied.
find "$bin" -mindepth 1 -maxdepth 1 ! -name runtimes -exec cp -a {} "$out/" \;
ln -s "$root/$bin/runtimes" "$out/runtimes"
for assembly in PidGpu PidGpu.Inputs PidGpu.Models; do
  (cd fuzz && dotnet tool run sharpfuzz "out/$assembly.dll")
done

status=0
dotnet "$out/PidGpu.Fuzz.dll" --require-coverage --seconds "$seconds" "$@" || status=$?
if [ "$status" -gt 128 ]; then
  # A native abort (e.g. a panic in the Rust tokenizer) kills the process: no report, but the input stays behind.
  newest="$(find fuzz/findings -path '*/scratch-*/*' -type f -printf '%T@ %p\n' 2>/dev/null | sort -n | tail -n 1 | cut -d' ' -f2- || true)"
  echo "fuzz: the fuzzer died of signal $((status - 128)) inside a reader; the input it was reading: ${newest:-not found (was --findings given?)}" >&2
fi
exit "$status"
