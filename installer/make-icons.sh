#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Makes the Windows and macOS icons from resources/icons/rulebench.svg. They are committed
# (resources/icons/rulebench.ico, .icns): the NSIS and DragNDrop packages are built on those
# systems, which lack these tools. Run again after the SVG changes.
#   apt-get install librsvg2-bin icoutils icnsutils   # rsvg-convert, icotool, png2icns
set -euo pipefail
icons=$(cd "$(dirname "$0")/../resources/icons" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" "$icons/rulebench.svg" -o "$work/$size.png"
done
# Windows: 16-256 px in one .ico (256 stored as PNG, as Vista and later expect).
icotool --create -o "$icons/rulebench.ico" "$work"/{16,32,48,64,128}.png --raw="$work/256.png"
# macOS: png2icns takes the sizes the format has (16, 32, 48, 128, 256, 512).
png2icns "$icons/rulebench.icns" "$work"/{16,32,48,128,256,512}.png >/dev/null
ls -l "$icons/rulebench.ico" "$icons/rulebench.icns"
