#!/usr/bin/env bash
# README command (2), and what CI runs: installs the Debian packages, configures the `ci` preset
# (warnings are errors), builds everything, runs every test through ctest (GUI tests on the
# offscreen platform) and lints the QML.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

./scripts/install-deps.sh

jobs="${SG_JOBS:-$(nproc)}"
export QT_QPA_PLATFORM=offscreen # GUI tests set it too; this covers anything run by hand

echo "test: configure (ci preset)"
cmake --preset ci
echo "test: build"
cmake --build --preset ci --parallel "$jobs"
echo "test: fuzz targets (clang, libFuzzer, ASan+UBSan) replaying their saved corpora"
cmake --preset fuzz
cmake --build --preset fuzz --parallel "$jobs"
ctest --test-dir build/fuzz --output-on-failure
echo "test: ctest"
ctest --preset ci --parallel "$jobs"
echo "test: qmllint"
cmake --build --preset ci --target all_qmllint

echo "test: all checks passed"
