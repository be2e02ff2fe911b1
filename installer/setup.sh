#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The two set-up commands of the README, for a fresh Debian 12 machine (as root):
#   installer/setup.sh run    install what is needed, build, start the app on the local tenant
#   installer/setup.sh test   install what is needed, build, run the whole test suite
# BUILD_DIR (default: build) and JOBS (default: all cores) may be set in the environment.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=${BUILD_DIR:-$top/build}
mode=${1:-}

case "$mode" in
    run|test) ;;
    *) echo "usage: installer/setup.sh run|test" >&2; exit 2 ;;
esac

if [ "$(id -u)" = 0 ]; then
    "$here/install-deps.sh"
else
    echo "setup.sh: not root, skipping the package installation (run installer/install-deps.sh as root once)" >&2
fi

cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" --parallel "${JOBS:-$(nproc)}"

if [ "$mode" = run ]; then
    exec "$build/bin/rulebench"
fi

# Tests that need a display, a D-Bus session or the OS keychain get a private, real one:
# dbus-daemon + an unlocked gnome-keyring Secret Service + Xvfb.
exec "$top/tests/headless-session.sh" ctest --test-dir "$build" --output-on-failure --timeout 600 -j "${JOBS:-$(nproc)}"
