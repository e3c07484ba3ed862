#!/usr/bin/env bash
# Records a deliberate change of the packed libraries' public surface: builds PidGpu.Kernels, then PidGpu, and writes
# what the PublicApiAnalyzers report into that project's PublicAPI.Unshipped.txt: symbols added (RS0016) as lines,
# symbols gone (RS0017) as *REMOVED* lines. Review the diff; at a release, Unshipped moves into Shipped.
# Exit status non-zero if a build still fails for another reason.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for project in kernels/PidGpu.Kernels src/PidGpu; do
  log="$(dotnet build "$project" -c Release -nologo -v quiet 2>&1)" && continue
  # The message names the symbol exactly as the file lists it.
  added="$(sed -n "s/.*error RS0016: Symbol '\(.*\)' is not part of the declared public API.*/\1/p" <<<"$log" | LC_ALL=C sort -u)"
  gone="$(sed -n "s/.*error RS0017: Symbol '\(.*\)' is part of the declared API, but is either not public or could not be found.*/\1/p" <<<"$log" | LC_ALL=C sort -u)"
  if [ -z "$added$gone" ]; then
    echo "$log" >&2
    echo "public-api: $project fails for another reason than its public surface" >&2
    exit 1
  fi
  unshipped="$project/PublicAPI.Unshipped.txt"
  # A gone symbol that was never shipped just leaves Unshipped; a shipped one is marked *REMOVED* there.
  kept="$(grep -vxF -f <(printf '%s\n' "$gone") "$unshipped" || true)"
  removed="$(grep -xF -f <(tail -n +2 "$project/PublicAPI.Shipped.txt") <<<"$gone" | sed 's/^/*REMOVED*/' || true)"
  printf '%s\n%s\n%s\n' "$kept" "$added" "$removed" \
    | { read -r header; echo "$header"; grep . | LC_ALL=C sort -u || true; } > "$unshipped.new"
  mv "$unshipped.new" "$unshipped"
  echo "public-api: $unshipped: $(printf '%s\n%s\n' "$added" "$gone" | grep -c .) change(s) recorded"
  dotnet build "$project" -c Release -nologo -v quiet >/dev/null || { echo "public-api: $project still fails" >&2; exit 1; }
done
