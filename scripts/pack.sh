#!/usr/bin/env bash
# Packs PidGpu.Kernels, PidGpu (libraries, with XML docs and .snupkg symbols), PidGpu.Tool (the estimator tool
# `pidgpu`, without TorchSharp) and PidGpu.Models.Tool (`pidgpu-models`, with TorchSharp and LibTorch) into
# artifacts/packages, then uses them as a user would: installs both tools into a temporary tool path, decomposes the
# demo joint with `pidgpu` (whose model commands must name the other tool), runs a small `pidgpu-models analyze` on
# models/tiny-vlm, and builds and runs copies of samples/EmbedKernels and samples/EmbedLibrary outside the repository
# against the packed PidGpu.Kernels and PidGpu. Exit status non-zero if any step or check fails.
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
for project in kernels/PidGpu.Kernels src/PidGpu src/PidGpu.Tool src/PidGpu.Cli; do
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
if grep -Eq 'TorchSharp\.dll|libtorch|PidGpu\.Models\.dll' <<<"$(unzip -l "$tool")"; then
  echo "pack: $tool carries TorchSharp or LibTorch" >&2
  exit 1
fi
# nuget.org takes packages up to 250 MB; the model tool carries LibTorch (159 MB packed in December 2026).
models_tool="$out/PidGpu.Models.Tool.$version.nupkg"
grep -q 'libtorch_cpu\.so' <<<"$(unzip -l "$models_tool")" || { echo "pack: $models_tool lacks LibTorch" >&2; exit 1; }
if [ "$(stat -c %s "$models_tool")" -gt $((250 * 1024 * 1024)) ]; then
  echo "pack: $models_tool is over NuGet's 250 MB limit" >&2
  exit 1
fi
# PidGpu uses the kernels' internals, so it must ask for exactly the PidGpu.Kernels it was packed with.
grep -q "id=\"PidGpu.Kernels\" version=\"\[$version\]\"" <<<"$(unzip -p "$out/PidGpu.$version.nupkg" PidGpu.nuspec)" \
  || { echo "pack: PidGpu.$version.nupkg does not pin PidGpu.Kernels [$version]" >&2; exit 1; }
for lib in PidGpu.Kernels PidGpu; do
  listing="$(unzip -l "$out/$lib.$version.nupkg")"
  for want in "lib/net10.0/$lib.dll" "lib/net10.0/$lib.xml" "README.md"; do
    grep -q " $want\$" <<<"$listing" || { echo "pack: $lib.$version.nupkg lacks $want" >&2; exit 1; }
  done
done

echo "pack: the estimator tool from the packed folder"
dotnet tool install PidGpu.Tool --version "$version" --tool-path "$tmp/tools" --add-source "$out" >/dev/null
"$tmp/tools/pidgpu" decompose --joint scripts/demo/rdnunqxor.json --measure all --out "$tmp/result.json" | tee "$tmp/table.txt"
# RDNUNQXOR (Griffith & Koch 2014): BROJA gives one bit to each atom.
grep -Eq '^broja +1\.000000 +1\.000000 +1\.000000 +1\.000000 +4\.000000' "$tmp/table.txt" \
  || { echo "pack: the installed tool did not give BROJA R = U1 = U2 = S = 1 bit" >&2; exit 1; }
# A model command in the estimator tool is a usage error (exit 2) that names the tool that has it, not a crash.
status=0
"$tmp/tools/pidgpu" analyze --model models/tiny-vlm --out "$tmp/not-written" 2>"$tmp/analyze.err" || status=$?
if [ "$status" -ne 2 ] || ! grep -q 'pidgpu-models' "$tmp/analyze.err"; then
  echo "pack: pidgpu analyze gave exit $status, not 2 naming pidgpu-models:" >&2
  cat "$tmp/analyze.err" >&2
  exit 1
fi

echo "pack: the model tool from the packed folder"
dotnet tool install PidGpu.Models.Tool --version "$version" --tool-path "$tmp/tools" --add-source "$out" >/dev/null
# One task, few samples: enough to load LibTorch from the package and write a run (about 30 s).
"$tmp/tools/pidgpu-models" analyze --model models/tiny-vlm --tasks Attribute --samples 80 --out "$tmp/run" >/dev/null
[ -s "$tmp/run/layers.csv" ] || { echo "pack: pidgpu-models analyze wrote no layers.csv" >&2; exit 1; }

# The samples as a user builds them: a copy outside the repository, against the packed packages.
for sample in EmbedKernels EmbedLibrary; do
  echo "pack: samples/$sample against the packed packages"
  mkdir -p "$tmp/$sample"
  cp samples/$sample/*.cs samples/$sample/$sample.csproj "$tmp/$sample/"
  dotnet build "$tmp/$sample" -c Release -nologo -v quiet -p:PidGpuPackageVersion="$version" \
    --source "$out" --source "$user_cache"
  dotnet "$tmp/$sample/bin/Release/net10.0/$sample.dll"
done
