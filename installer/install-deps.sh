#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs everything Rulebench needs to build, run and test on Debian 12 (bookworm), as root.
# Safe to run again: apt skips what is already there.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "install-deps.sh: run as root (or with sudo)" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
packages=(
    # toolchain (cmake --no-install-recommends brings no make: we build with ninja)
    g++ cmake ninja-build pkg-config git ca-certificates
    # Qt 6.4 and friends
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-svg-dev libqt6svg6
    qtkeychain-qt6-dev libsecret-1-0 libqscintilla2-qt6-dev
    # HTTP serving, crypto, persistence, JSON schema
    libcpp-httplib-dev libssl-dev libsqlite3-dev libvalijson-dev
    # rule runtime
    nodejs
    # headless test session: private D-Bus, real Secret Service, X server
    dbus-daemon dbus-bin gnome-keyring libsecret-tools xvfb xauth
    # conformance replay, packaging checks (tests/package, installer/test-package.sh)
    python3 python3-yaml dpkg-dev file lintian appstream desktop-file-utils man-db debootstrap
)
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}"

# Debian's nodejs 18 ships npm separately; NodeSource's nodejs bundles its own npm and
# conflicts with Debian's package, so only install npm when there is none.
if ! command -v npm >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends npm
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
    echo "install-deps.sh: Node.js >= 18 is required, found $(node --version)" >&2
    exit 1
fi
echo "install-deps.sh: ready (node $(node --version), npm $(npm --version))"
