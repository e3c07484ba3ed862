#!/usr/bin/env bash
# Builds and runs the whole test suite on the CPU accelerator, then prints "N passed, N failed" from the
# test results (TRX), which CI reads. Exit status is the test run's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cd "$root"
results="$root/TestResults"
rm -rf "$results"
status=0
dotnet test PidGpu.sln -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" || status=$?
trx="$(find "$results" -name '*.trx' | head -n 1)"
if [ -z "$trx" ]; then
  echo "test: no test results were written" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
counters="$(grep -o '<Counters [^>]*>' "$trx")"
passed="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
failed="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
echo "${passed:-0} passed, ${failed:-0} failed"
if [ "${passed:-0}" -eq 0 ]; then status=1; fi
exit $status
