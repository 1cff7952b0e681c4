#!/usr/bin/env bash
# Round trips between wick and Python (called by .ci/run; `pnpm test` needs no Python):
#   1. PyTorch and safetensors write reference files (python.py write),
#   2. wick loads each one and saves it again, .pt with torch.save, .safetensors with
#      safetensors.save (wick.ts),
#   3. PyTorch (weights_only=True) and safetensors load wick's files and compare every value,
#      dtype, shape, stride, storage offset and storage sharing bit for bit (python.py check).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../fixtures/venv.sh"
fixtures_setup_venv
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/wick-roundtrip.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$FIXTURES_PYTHON" "$here/python.py" write "$tmp"
(cd "$FIXTURES_REPO/packages/serialize" && node --conditions wick-source --import tsx "$here/wick.ts" "$tmp")
"$FIXTURES_PYTHON" "$here/python.py" check "$tmp"
