#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs an installed Rulebench from its installed paths, without a display:
#   rulebench-cli --version/--help, rulebench --version/--help, the rule host answering a ping
#   with every npm module it declares resolving, `rulebench --quit-when-ready` (offscreen: the
#   main window comes up with the local tenant, then quits), `rulebench-cli simulate` on a
#   shipped sample, and `rulebench-cli test` on all of them.
# Used inside the clean Debian 12 root of installer/test-package.sh (PREFIX=/usr) and by the
# fast ctest on the unpacked .deb (PREFIX=<unpacked>/usr).
#
# Usage: smoke-installed.sh PREFIX VERSION
# Exit status: 0 when every check passed, 1 otherwise. Last line: "N passed, M failed".
set -uo pipefail

prefix=${1:?usage: smoke-installed.sh PREFIX VERSION}
version=${2:?usage: smoke-installed.sh PREFIX VERSION}
cli=$prefix/bin/rulebench-cli
app=$prefix/bin/rulebench
share=$prefix/share/rulebench

# A throwaway home: the app's data folder and settings must not touch the caller's.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/runtime"
export HOME=$scratch/home XDG_RUNTIME_DIR=$scratch/runtime XDG_DATA_HOME=$scratch/home/.local/share \
    XDG_CONFIG_HOME=$scratch/home/.config XDG_CACHE_HOME=$scratch/home/.cache
export QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"

passed=0
failed=0
check() {
    local name=$1
    shift
    if "$@" >"$scratch/out" 2>&1; then
        echo "ok      $name"
        passed=$((passed + 1))
    else
        echo "FAILED  $name"
        sed 's/^/        /' "$scratch/out" | tail -20
        failed=$((failed + 1))
    fi
}

prints() { # prints EXPECTED CMD...: CMD exits 0 and its stdout contains EXPECTED
    local expected=$1 out
    shift
    out=$("$@") || return 1
    grep -qF -- "$expected" <<<"$out" || { echo "expected \"$expected\" in:"; echo "$out"; return 1; }
}

host_answers_ping() {
    local out
    out=$(echo '{"id":1,"type":"ping"}' | timeout 30 node "$share/rulehost/host.js") || return 1
    grep -q '"type":"ready"' <<<"$out" && grep -q '"type":"pong"' <<<"$out" || { echo "$out"; return 1; }
}

host_modules_resolve() {
    (cd "$share/rulehost" && node -e '
        const deps = Object.keys(require("./package.json").dependencies || {});
        for (const name of deps) require(name);
        console.log(`${deps.length} modules`);')
}

app_quits_when_ready() {
    timeout 60 "$app" --quit-when-ready
}

# Runs the first rule case under samples/ through `rulebench-cli simulate`: a case file names
# its rules (relative to itself), the user, context and configuration, and the outcome it
# expects ("rulebench-cli test" format, DESIGN.md).
simulate_sample() {
    local case_file=$1 args
    args=$(node -e '
        const fs = require("fs"), path = require("path");
        const [file, dir] = process.argv.slice(1);
        const c = JSON.parse(fs.readFileSync(file, "utf8"));
        const out = [];
        for (const rule of c.rules || []) out.push("--rule", path.resolve(path.dirname(file), rule));
        for (const [key, option] of [["user", "--user"], ["context", "--context"], ["configuration", "--config"]]) {
            if (c[key] === undefined) continue;
            const target = path.join(dir, key + ".json");
            fs.writeFileSync(target, JSON.stringify(c[key]));
            out.push(option, target);
        }
        console.log(out.join("\n"));' "$case_file" "$scratch") || return 1
    local -a argv
    mapfile -t argv <<<"$args"
    local status=0
    timeout 60 "$cli" simulate "${argv[@]}" --json >"$scratch/simulate.json" || status=$?
    # 0 allowed, 3 denied: both are answers; 2 and 4 are not.
    [ "$status" = 0 ] || [ "$status" = 3 ] || { echo "simulate exited $status"; cat "$scratch/simulate.json"; return 1; }
    node -e '
        const fs = require("fs");
        const [caseFile, resultFile] = process.argv.slice(1);
        const expected = (JSON.parse(fs.readFileSync(caseFile, "utf8")).expect || {}).outcome;
        const result = JSON.parse(fs.readFileSync(resultFile, "utf8"));
        if (!result.outcome) throw new Error("no outcome in simulate --json");
        if (expected && result.outcome !== expected)
            throw new Error(`outcome ${result.outcome}, the case expects ${expected}`);
        console.log(result.outcome);' "$case_file" "$scratch/simulate.json"
}

check "rulebench-cli --version prints $version" prints "rulebench-cli $version" "$cli" --version
check "rulebench-cli --help lists the commands" prints "Commands:" "$cli" --help
check "rulebench --version prints $version" prints "$version" "$app" --version
check "rulebench --help" prints "--quit-when-ready" "$app" --help
check "rule host answers a ping" host_answers_ping
check "rule host's npm modules resolve" host_modules_resolve
check "rulebench starts offscreen and quits when ready" app_quits_when_ready

# A shipped sample through `simulate`: the first case that needs no tenant set-up (no "plan").
sample=$(find "$share/samples" -maxdepth 1 -name '*.json' -type f 2>/dev/null | sort |
    while read -r f; do grep -q '"rules"' "$f" && ! grep -q '"plan"' "$f" && { echo "$f"; break; }; done)
if [ -z "$sample" ]; then
    check "a sample case without a plan under share/rulebench/samples" false
else
    check "rulebench-cli simulate ${sample#"$share"/}" simulate_sample "$sample"
fi
# Every shipped sample through `test`: an in-process local tenant, the sample plan applied, the
# call-an-API rule and Action against the sample API.
samples_pass() {
    local -a cases
    mapfile -t cases < <(find "$share/samples" -maxdepth 1 -name '*.json' -type f | sort)
    [ "${#cases[@]}" -gt 0 ] || { echo "no sample cases"; return 1; }
    timeout 120 "$cli" test "${cases[@]}"
}
check "rulebench-cli test share/rulebench/samples/*.json" samples_pass

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
