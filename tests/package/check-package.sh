#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The fast package check: `cpack -G DEB|TGZ` into a temp folder, then, without installing:
#   DEB  the expected paths (root-owned, modes), the control fields (Depends from dpkg-shlibdeps
#        plus nodejs (>= 18), Recommends gnome-keyring), the .desktop file, the AppStream
#        metainfo and the man pages validated, lintian with no error or warning (the overridden
#        ones are listed with their reasons in installer/linux/lintian-overrides);
#   TGZ  the same tree under one top folder;
# and for both, installer/smoke-installed.sh runs the binaries from the unpacked tree.
#
# Usage: check-package.sh DEB|TGZ BUILD_DIR SOURCE_DIR VERSION
set -uo pipefail

generator=${1:?usage: check-package.sh DEB|TGZ BUILD_DIR SOURCE_DIR VERSION}
build=$(cd "${2:?}" && pwd)
source=$(cd "${3:?}" && pwd)
version=${4:?}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
pass() { echo "ok      $*"; passed=$((passed + 1)); }
fail() { echo "FAILED  $*"; failed=$((failed + 1)); }
finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" = 0 ]
    exit
}

echo "cpack -G $generator"
if ! cpack --config "$build/CPackConfig.cmake" -G "$generator" -B "$work/out" >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log"
    fail "cpack -G $generator"
    finish
fi

# The paths every package has: the executables, the rule host with its modules, templates,
# example plans, sample cases, login profiles, desktop integration and docs.
expected_paths() {
    printf '%s\n' bin/rulebench bin/rulebench-cli \
        share/rulebench/rulehost/host.js share/rulebench/rulehost/package.json \
        share/rulebench/rulehost/package-lock.json \
        share/applications/rulebench.desktop \
        share/metainfo/invalid.rulebench.Rulebench.metainfo.xml \
        share/icons/hicolor/scalable/apps/rulebench.svg \
        share/man/man1/rulebench.1.gz share/man/man1/rulebench-cli.1.gz \
        share/doc/rulebench/copyright share/doc/rulebench/changelog.gz
    (cd "$source/src/rulehost" && find lib -name '*.js' | sed 's|^|share/rulebench/rulehost/|')
    # Every module the host declares, at the top of its node_modules.
    node -e 'for (const name of Object.keys(require(process.argv[1]).dependencies || {}))
                 console.log(`share/rulebench/rulehost/node_modules/${name}/package.json`)' \
        "$source/src/rulehost/package.json"
    (cd "$source/resources" && find templates plans samples profiles -type f 2>/dev/null | sed 's|^|share/rulebench/|')
}

check_paths() { # check_paths LISTING PREFIX: LISTING has one path a line, PREFIX before each
    local listing=$1 prefix=$2 missing=0 path
    while read -r path; do
        if ! grep -qxF "$prefix$path" "$listing"; then
            echo "        missing: $prefix$path"
            missing=$((missing + 1))
        fi
    done < <(expected_paths)
    [ "$missing" = 0 ]
}

if [ "$generator" = DEB ]; then
    deb=$(echo "$work"/out/*.deb)
    echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
    [ "$(basename "$deb")" = "rulebench_${version}_$(dpkg --print-architecture).deb" ] &&
        pass "file name rulebench_${version}_<arch>.deb" || fail "file name: $(basename "$deb")"

    # --- contents ---------------------------------------------------------------------------
    dpkg-deb -c "$deb" >"$work/contents"
    awk '{ p = $6; sub(/^\.\//, "", p); print p }' "$work/contents" >"$work/paths"
    check_paths "$work/paths" usr/ && pass "expected paths under /usr" || fail "expected paths under /usr"
    bad=$(awk '$2 != "root/root"' "$work/contents")
    [ -z "$bad" ] && pass "every entry owned by root/root" || { fail "entries not owned by root"; echo "$bad" | head; }
    bad=$(grep -E '(^|/)usr/local/|/node_modules/\.bin/|/_CPack_Packages/' "$work/paths"; grep -F "${build#/}/" "$work/paths")
    [ -z "$bad" ] && pass "no /usr/local, .bin links or build paths" || { fail "unexpected paths"; echo "$bad" | head; }
    bad=$(awk '$6 ~ /^\.\/usr\/bin\// && $1 ~ /^-/ && $1 != "-rwxr-xr-x"' "$work/contents")
    [ -z "$bad" ] && pass "executables are 0755" || { fail "executable modes"; echo "$bad"; }
    bad=$(awk '$6 ~ /^\.\/usr\/share\// && $1 ~ /^-/ && $1 != "-rw-r--r--"' "$work/contents")
    [ -z "$bad" ] && pass "data files are 0644" || { fail "data file modes"; echo "$bad" | head; }

    # --- control fields ---------------------------------------------------------------------
    field() { dpkg-deb -f "$deb" "$1"; }
    [ "$(field Package)" = rulebench ] && pass "Package: rulebench" || fail "Package: $(field Package)"
    [ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version: $(field Version)"
    depends=$(field Depends)
    for dep in 'nodejs (>= 18)' libqt6core6 libqt6widgets6 libqt6network6 libqt6keychain1 libssl3 \
               qt6-qpa-plugins libqt6svg6 libsecret-1-0; do
        grep -qF "$dep" <<<"$depends" && pass "Depends has $dep" || fail "Depends lacks $dep: $depends"
    done
    grep -qF gnome-keyring <<<"$(field Recommends)" && pass "Recommends gnome-keyring" ||
        fail "Recommends: $(field Recommends)"
    for name in Maintainer Homepage Section Description; do
        [ -n "$(field $name)" ] && pass "$name is set" || fail "$name is empty"
    done
    [ "$(field Description | wc -l)" -gt 5 ] && pass "Description has a long part" || fail "Description is one line"

    # --- unpacked files ---------------------------------------------------------------------
    dpkg-deb -x "$deb" "$work/root"
    prefix=$work/root/usr
    if command -v appstreamcli >/dev/null; then
        appstreamcli validate --no-net --explain "$prefix"/share/metainfo/*.metainfo.xml >"$work/as.log" 2>&1 &&
            pass "appstreamcli validate --no-net" || { fail "appstreamcli validate"; cat "$work/as.log"; }
    else
        echo "skipped appstreamcli validate (appstream is not installed)"
    fi
    if command -v desktop-file-validate >/dev/null; then
        out=$(desktop-file-validate "$prefix/share/applications/rulebench.desktop" 2>&1 | grep -v ': hint: ')
        [ -z "$out" ] && pass "desktop-file-validate" || { fail "desktop-file-validate"; echo "$out"; }
    else
        echo "skipped desktop-file-validate (desktop-file-utils is not installed)"
    fi
    if command -v man >/dev/null; then
        for page in rulebench rulebench-cli; do
            out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$prefix/share/man/man1/$page.1.gz" 2>&1 >/dev/null)
            [ -z "$out" ] && pass "man page $page(1) renders without warnings" || { fail "man $page"; echo "$out"; }
        done
        # rulebench-cli(1) has a section for every command the binary lists.
        missing=$("$prefix/bin/rulebench-cli" --help | awk '/^Commands:/ { on = 1; next } on && /^  [^ ]/ { print $1 }' |
            while read -r cmd; do zgrep -qxF ".SS ${cmd//-/\\-}" "$prefix/share/man/man1/rulebench-cli.1.gz" || echo "$cmd"; done)
        [ -z "$missing" ] && pass "rulebench-cli(1) documents every command" || fail "rulebench-cli(1) lacks: $missing"
    fi

    # --- lintian ----------------------------------------------------------------------------
    if command -v lintian >/dev/null; then
        lintian --fail-on error,warning "$deb" >"$work/lintian.log" 2>&1 &&
            pass "lintian: no error, no warning" || fail "lintian"
        grep -E '^[EW]: ' "$work/lintian.log" | sed 's/^/        /'
    else
        echo "skipped lintian (not installed)"
    fi
else
    tarball=$(echo "$work"/out/*.tar.gz)
    echo "package: $(basename "$tarball") ($(du -h "$tarball" | cut -f1))"
    top=rulebench-$version-Linux
    tar -tzf "$tarball" | sed 's|/$||' >"$work/paths"
    check_paths "$work/paths" "$top/" && pass "expected paths under $top/" || fail "expected paths under $top/"
    mkdir "$work/root"
    tar -xzf "$tarball" -C "$work/root"
    prefix=$work/root/$top
fi

# --- the binaries, from the unpacked paths ----------------------------------------------------
bash "$source/installer/smoke-installed.sh" "$prefix" "$version" >"$work/smoke.log" 2>&1 &&
    pass "installer/smoke-installed.sh on the unpacked tree" || fail "installer/smoke-installed.sh"
sed 's/^/        /' "$work/smoke.log"
finish
