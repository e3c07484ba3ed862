#!/usr/bin/env bash
# Idempotent set-up on a fresh Debian 12 machine: checks the .NET 10 SDK, restores and builds (Release).
# TorchSharp's native library is made loadable by build/PatchLibTorchSharp.targets during the build,
# so nothing is installed system-wide.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK is missing. Install the .NET 10 SDK (https://dot.net) and re-run." >&2
  exit 1
fi
major="$(dotnet --version | cut -d. -f1)"
if [ "$major" -lt 10 ]; then
  echo "setup: found .NET SDK $(dotnet --version); PidGpu needs 10 or newer." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet build PidGpu.sln -c Release -nologo -v quiet
