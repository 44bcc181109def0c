#!/usr/bin/env bash
# Packs everything `npm run bench:gpu` needs into one folder for a GPU machine that has no Node,
# no npm and no network (a lent datacenter GPU with only Python and CUDA):
#
#   node.xz                 this machine's node binary
#   bench-gpu.mjs           experiments/gpu/bench-gpu.ts bundled by esbuild (tfjs and Palestra inside)
#   node_modules/webgpu/    the webgpu package's JS and its linux-x64 dawn.node (xz)
#   build/Release/          the native addon, built for x86-64-v3 (AVX2, FMA) in a scratch copy
#   *.deb                   the Vulkan loader and glvnd (Debian 12, amd64; NVIDIA's Vulkan driver needs
#                           libGLdispatch), unpacked on the GPU machine
#   torch_reference.py      the same train steps in PyTorch
#   run.sh                  unpacks and runs all of it, results into $OUT (or ./out)
#
#   experiments/gpu/make-bundle.sh DIR      (then, on the GPU machine: bash DIR/run.sh)
set -euo pipefail
out=${1:?usage: make-bundle.sh DIR}
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)

echo "bundling bench-gpu.ts"
"$repo/node_modules/.bin/esbuild" "$repo/experiments/gpu/bench-gpu.ts" --bundle --platform=node --format=esm --target=node20 \
  --outfile="$out/bench-gpu.mjs" --external:webgpu --external:@tensorflow/tfjs-node --external:@tensorflow/tfjs-node-gpu \
  --banner:js="import { createRequire as __palestraRequire } from 'node:module'; const require = __palestraRequire(import.meta.url);" \
  --log-level=error
# The addon is found next to the package.json named palestra above the running file.
echo '{ "name": "palestra", "type": "module", "private": true }' >"$out/package.json"

echo "building the native addon for x86-64-v3"
scratch=$(mktemp -d)
cp -r "$repo/native" "$repo/binding.gyp" "$repo/scripts" "$repo/package.json" "$scratch/"
ln -s "$repo/node_modules" "$scratch/node_modules"
(cd "$scratch" && PALESTRA_NATIVE_ARCH=x86-64-v3 node scripts/build-native.mjs)
mkdir -p "$out/build/Release"
cp "$scratch/build/Release/palestra_native.node" "$out/build/Release/"
cp "$scratch/build/native-build.json" "$out/build/"
rm -rf "$scratch"

echo "copying webgpu (Dawn) for linux-x64"
webgpu="$repo/node_modules/webgpu"
mkdir -p "$out/node_modules/webgpu/dist/linux-x64"
cp "$webgpu/index.js" "$webgpu/package.json" "$out/node_modules/webgpu/"
xz -6 -T0 -c "$webgpu/dist/linux-x64/dawn.node" >"$out/node_modules/webgpu/dist/linux-x64/dawn.node.xz"

echo "compressing node $(node --version)"
xz -6 -T0 -c "$(command -v node)" >"$out/node.xz"

echo "downloading the Vulkan loader (libvulkan1, amd64)"
mkdir -p /tmp/palestra-apt-amd64/partial
apt_options='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/palestra-apt-amd64'
(cd "$out" && apt-get $apt_options update -qq && apt-get $apt_options download libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2 2>/dev/null)

cp "$repo/experiments/gpu/torch_reference.py" "$repo/experiments/gpu/run-bundle.sh" "$out/"
mv "$out/run-bundle.sh" "$out/run.sh"
du -sh "$out"
