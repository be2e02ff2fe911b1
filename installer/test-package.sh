#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The full package check, as root: install the .deb with its dependencies into a clean
# Debian 12 (bookworm) root and run Rulebench from the installed paths there.
#   1. `cpack -G DEB` in BUILD_DIR (the build must be done).
#   2. A minimal bookworm root: `debootstrap --variant=minbase`, from the mirror apt already
#      uses here; the bare root is cached as BUILD_DIR/package-test/bookworm-minbase.tar.
#   3. `apt-get install --no-install-recommends ./rulebench_*.deb` inside it (so Depends alone
#      must bring everything), with /proc and /dev mounted for the chroot; downloaded .debs are
#      cached in BUILD_DIR/package-test/apt-archives.
#   4. installer/smoke-installed.sh /usr as an ordinary user, offscreen: --version and --help of
#      both binaries, the rule host, `rulebench --quit-when-ready`, `rulebench-cli simulate`
#      on a shipped sample once simulate exists.
#   5. `apt-get purge rulebench` leaves nothing of it behind.
#
# Usage: installer/test-package.sh [BUILD_DIR]        (default: build)
# Environment: MIRROR (default: the Debian URI in /etc/apt/sources.list*), FRESH_ROOT=1 to
# debootstrap again, KEEP_ROOT=1 to keep the root for a look (its path is printed).
# Exit status: 0 when every check passed. Last line: "N passed, M failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
cache=$build/package-test
start=$SECONDS

if [ "$(id -u)" != 0 ]; then
    echo "test-package.sh: run as root (debootstrap, chroot and mount need it)" >&2
    exit 2
fi
for tool in cpack debootstrap chroot mount umount dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "test-package.sh: $tool is missing (installer/install-deps.sh)" >&2; exit 2; }
done

# The Debian mirror apt uses here: deb822 "URIs:" or one-line "deb [opts] URI suite …".
apt_mirror() {
    local file
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [ -r "$file" ] && cat "$file"
    done | awk '/^URIs:/ { for (i = 2; i <= NF; i++) print $i }
                /^deb / { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' |
        grep -E '/debian/?$' | head -n 1 || true
}
mirror=${MIRROR:-$(apt_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security

work=$(mktemp -d /var/tmp/rulebench-package-test.XXXXXX)
root=$work/root
mounts=()
cleanup() {
    local i
    for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
        umount "${mounts[i]}" 2>/dev/null || umount -l "${mounts[i]}" 2>/dev/null || true
    done
    if [ "${KEEP_ROOT:-0}" = 1 ]; then
        echo "kept: $root"
    elif ! grep -qF " $work/" /proc/mounts; then
        # --one-file-system: never follow into a mount that failed to come off.
        rm -rf --one-file-system "$work"
    else
        echo "test-package.sh: $work still has mounts; not removing it" >&2
    fi
}
trap cleanup EXIT
bind() { # bind SOURCE TARGET [mount options]
    mkdir -p "$2"
    mount "${@:3}" "$1" "$2"
    mounts+=("$2")
}
step() { echo "--- $* ($((SECONDS - start)) s)"; }

step "cpack -G DEB"
cpack --config "$build/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; exit 1; }
deb=$(echo "$work"/out/*.deb)
version=$(dpkg-deb -f "$deb" Version)
echo "$(basename "$deb")"

mkdir -p "$cache/apt-archives/partial"
tarball=$cache/bookworm-minbase.tar
if [ "${FRESH_ROOT:-0}" = 1 ] || [ ! -s "$tarball" ]; then
    step "debootstrap --variant=minbase bookworm from $mirror"
    debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
        { tail -n 30 "$work/debootstrap.log"; exit 1; }
    tar -C "$root" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
else
    step "unpacking the cached root $tarball"
    mkdir -p "$root"
    tar -C "$root" -xf "$tarball"
fi

# apt inside the root: same mirror and the security suite; no daemon may start (policy-rc.d).
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"
bind proc "$root/proc" -t proc
bind /dev "$root/dev" --bind
bind "$cache/apt-archives" "$root/var/cache/apt/archives" --bind
cp "$deb" "$root/tmp/"
cp "$here/smoke-installed.sh" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

step "apt-get install --no-install-recommends ./$(basename "$deb")"
in_root apt-get update -qq >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; exit 1; }
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >>"$work/apt.log" 2>&1 ||
    { tail -n 40 "$work/apt.log"; exit 1; }
in_root dpkg-query -W -f='${Package} ${Version}\n' rulebench nodejs libqt6core6 qt6-qpa-plugins

step "smoke test from the installed paths, as an ordinary user"
in_root useradd --create-home tester
set +e
chroot --userspec=tester:tester "$root" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/home/tester \
    bash /tmp/smoke-installed.sh /usr "$version" | tee "$work/smoke.log"
set -e
# The smoke test's last line is "N passed, M failed"; the purge check adds one.
read -r passed _ failed _ < <(tail -n 1 "$work/smoke.log")
[[ "$passed" =~ ^[0-9]+$ && "$failed" =~ ^[0-9]+$ ]] || { passed=0; failed=1; }

step "apt-get purge rulebench"
in_root apt-get purge -y -qq rulebench >>"$work/apt.log" 2>&1
left=$(cd "$root" && ls -d usr/bin/rulebench usr/bin/rulebench-cli usr/share/rulebench \
    usr/share/applications/rulebench.desktop usr/share/doc/rulebench 2>/dev/null || true)
if [ -z "$left" ]; then
    echo "ok      purge leaves nothing behind"
    passed=$((passed + 1))
else
    echo "FAILED  purge left: $left"
    failed=$((failed + 1))
fi

step "done"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
