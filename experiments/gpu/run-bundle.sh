#!/usr/bin/env bash
# Runs the bundle make-bundle.sh packed, on a GPU machine: unpacks node and Dawn, installs the
# Vulkan loader, points it at the NVIDIA driver, runs the PyTorch reference, then bench-gpu.
#
#   bash run.sh [bench-gpu options, e.g. --tiny]      results in $OUT (or ./out)
# Env: PALESTRA_BUNDLE_NO_LOADER=1 skips installing libvulkan1 (a machine that has it).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here/out}
mkdir -p "$out"
work=$(mktemp -d)
xz -dc "$here/node.xz" >"$work/node" && chmod +x "$work/node"
[ -f "$here/node_modules/webgpu/dist/linux-x64/dawn.node" ] || xz -dc "$here/node_modules/webgpu/dist/linux-x64/dawn.node.xz" >"$here/node_modules/webgpu/dist/linux-x64/dawn.node"
# The Vulkan loader, and glvnd (libGLdispatch), which NVIDIA's Vulkan driver (libGLX_nvidia) needs.
if [ -z "${PALESTRA_BUNDLE_NO_LOADER:-}" ]; then
  for deb in "$here"/*.deb; do dpkg -x "$deb" /; done
  ldconfig
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -f "$nvidia_icd" ]; then export VK_DRIVER_FILES=$nvidia_icd; fi
export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$work}
echo "vulkan: loader $(ldconfig -p | grep -c libvulkan.so.1) found; driver manifest ${VK_DRIVER_FILES:-${VK_ICD_FILENAMES:-none set}}"
echo "node $("$work/node" --version); $(nproc) CPUs; $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || echo 'no nvidia-smi')"

torch_args=()
if python3 -c 'import torch' 2>/dev/null; then
  tiny=(); for a in "$@"; do [ "$a" = --tiny ] && tiny=(--tiny); done
  PYTHONUNBUFFERED=1 python3 "$here/torch_reference.py" --out "$out/torch.json" "${tiny[@]}" 2>&1 | tee "$out/torch.log" && torch_args=(--torch "$out/torch.json")
else
  echo "no PyTorch here: the table has no pytorch column"
fi
"$work/node" "$here/bench-gpu.mjs" --out "$out" "${torch_args[@]}" "$@" 2>&1 | tee "$out/bench.log"
status=${PIPESTATUS[0]}
rm -rf "$work"
exit "$status"
