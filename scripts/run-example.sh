#!/usr/bin/env bash
# README command (1): installs the Debian packages Stormglass needs, builds the app and opens it on
# the bundled e-commerce model. Pass another model (*.stormglass, *.stormglass.json) or a Pattern
# sandbox example (*.sandbox.json) to open that instead.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

./scripts/install-deps.sh

jobs="${SG_JOBS:-$(nproc)}"
cmake --preset release
cmake --build --preset release --target stormglass --parallel "$jobs"

example="${1:-$root/resources/examples/e-commerce.stormglass.json}"
app="$root/build/release/app/stormglass"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-example: built $app, but there is no display to open it on (DISPLAY is not set)." >&2
    echo "run-example: on a desktop session run it again; headless, try:" >&2
    echo "  xvfb-run -a $app --screenshot stormglass.png $example" >&2
    exit 1
fi

echo "run-example: opening $example"
exec "$app" "$example"
