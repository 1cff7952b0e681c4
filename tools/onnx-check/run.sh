#!/usr/bin/env bash
# ONNX export checked against onnxruntime and PyTorch (called by .ci/run; `pnpm test` needs no Python):
#   1. wick builds each model of models.ts, exports it with torch.onnx.export (dynamic batch and
#      sequence axes), and saves its state_dict and its outputs at shapes other than the traced
#      one (wick.ts),
#   2. onnx.checker (full_check) passes each file, onnxruntime runs it at those shapes, PyTorch runs
#      the same modules with wick's state_dict, and the three agree within float32 tolerance
#      (python.py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../fixtures/venv.sh"
fixtures_setup_venv
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/wick-onnx-check.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

(cd "$FIXTURES_REPO/packages/onnx" && node --conditions wick-source --import tsx "$here/wick.ts" "$tmp")
"$FIXTURES_PYTHON" "$here/python.py" "$tmp"
