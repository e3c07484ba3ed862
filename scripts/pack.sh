#!/usr/bin/env bash
# Packs PidGpu.Kernels, PidGpu (libraries, with XML docs and .snupkg symbols) and PidGpu.Tool (the `pidgpu` .NET
# tool, without LibTorch) into artifacts/packages, then uses them as a user would: installs the tool into a
# temporary tool path and decomposes the demo joint, and builds and runs a copy of samples/EmbedKernels outside the
# repository against the packed PidGpu.Kernels. Exit status non-zero if any step or check fails.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

out="$root/artifacts/packages"
rm -rf "$out"
mkdir -p "$out"
# PackageVersion names the packages only, so the Release build that setup.sh made is packed as it is (no rebuild).
version="${PIDGPU_PACKAGE_VERSION:-0.1.0}"
for project in kernels/PidGpu.Kernels src/PidGpu src/PidGpu.Cli; do
  dotnet pack "$project" -c Release --no-build -nologo -v quiet -p:PackageVersion="$version" -o "$out"
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The user's NuGet cache is left alone: restores below go to a cache of their own, fed by the packed folder and,
# for ILGPU and the other dependencies setup.sh already restored, by the user's cache used as a local source.
user_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export NUGET_PACKAGES="$tmp/nuget-packages"

echo "pack: packages in artifacts/packages"
for nupkg in "$out"/*.nupkg "$out"/*.snupkg; do
  printf '  %-40s %6s KB\n' "$(basename "$nupkg")" "$(( $(stat -c %s "$nupkg") / 1024 ))"
done
tool="$out/PidGpu.Tool.$version.nupkg"
if unzip -l "$tool" | grep -q 'libtorch_cpu\.so'; then
  echo "pack: $tool carries LibTorch" >&2
  exit 1
fi
for lib in PidGpu.Kernels PidGpu; do
  listing="$(unzip -l "$out/$lib.$version.nupkg")"
  for want in "lib/net10.0/$lib.dll" "lib/net10.0/$lib.xml" "README.md"; do
    grep -q " $want\$" <<<"$listing" || { echo "pack: $lib.$version.nupkg lacks $want" >&2; exit 1; }
  done
done

echo "pack: the tool from the packed folder"
dotnet tool install PidGpu.Tool --version "$version" --tool-path "$tmp/tools" --add-source "$out" >/dev/null
"$tmp/tools/pidgpu" decompose --joint scripts/demo/rdnunqxor.json --measure all --out "$tmp/result.json" | tee "$tmp/table.txt"
# RDNUNQXOR (Griffith & Koch 2014): BROJA gives one bit to each atom.
grep -Eq '^broja +1\.000000 +1\.000000 +1\.000000 +1\.000000 +4\.000000' "$tmp/table.txt" \
  || { echo "pack: the installed tool did not give BROJA R = U1 = U2 = S = 1 bit" >&2; exit 1; }

echo "pack: samples/EmbedKernels against the packed PidGpu.Kernels"
mkdir -p "$tmp/EmbedKernels"
cp samples/EmbedKernels/*.cs samples/EmbedKernels/EmbedKernels.csproj "$tmp/EmbedKernels/"
dotnet build "$tmp/EmbedKernels" -c Release -nologo -v quiet -p:PidGpuPackageVersion="$version" \
  --source "$out" --source "$user_cache"
dotnet "$tmp/EmbedKernels/bin/Release/net10.0/EmbedKernels.dll"
