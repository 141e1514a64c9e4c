#!/usr/bin/env bash
# Installs every Debian 12 package Stormglass needs to build, test, fuzz and package.
# Idempotent: safe to run again; the one list every entry point (README, .ci/run) uses.
set -euo pipefail

packages=(
    # toolchain
    build-essential g++ cmake ninja-build pkg-config git
    clang libclang-rt-14-dev clang-format
    # Qt 6.4 (QtQuick, Controls, Shapes, Qt Test, Qt Quick Test, qmllint)
    qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools qt6-tools-dev-tools qt6-svg-dev
    qml6-module-qtqml qml6-module-qtqml-workerscript qml6-module-qtqml-models
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-templates
    qml6-module-qtquick-layouts qml6-module-qtquick-window qml6-module-qtquick-shapes
    qml6-module-qtquick-dialogs qml6-module-qtcore qml6-module-qt-labs-platform
    qml6-module-qt-labs-folderlistmodel # the Qt Quick FileDialog's own implementation needs it
    qml6-module-qttest libgl-dev libvulkan-dev
    # libraries
    nlohmann-json3-dev libsimdjson-dev libsqlite3-dev libyaml-cpp-dev
    libgraphviz-dev # cgraph + gvc: the automatic layout of the architecture (dot)
    # tests, benchmarks, GUI checks
    libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth python3
    fonts-dejavu-core
    # packaging (installer/): the PNG icons drawn from the SVG, and the package test's checks
    librsvg2-bin file dpkg-dev lintian desktop-file-utils appstream shared-mime-info
)

# The CloudFormation spec check installs @aws-cdk/cfnspec with npm. A machine that already has
# Node.js with its own npm (NodeSource's nodejs bundles it, and conflicts with Debian's npm) keeps it.
if ! command -v npm >/dev/null 2>&1; then
    packages+=(nodejs npm)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
