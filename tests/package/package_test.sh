#!/usr/bin/env bash
# The Debian package as a user meets it: built from this build directory with CPack, checked as
# Debian checks packages (lintian, desktop-file-validate, appstreamcli), installed with apt-get,
# both programs run from /usr/bin on an installed example with nothing from the build tree in
# reach, then purged, leaving the machine as it was.
#   package_test.sh CPACK BUILD_DIR VERSION
# Exit 77 (skipped) where packages cannot be installed: not root, or no apt-get/dpkg.
set -euo pipefail

cpack=$1
build_dir=$2
version=$3
examples=/usr/share/stormglass/examples
marker=$build_dir/tests/package/installed-by-package-test

skip() {
    echo "SKIPPED: $*"
    exit 77
}
step() { echo "--- $*"; }

[ "$(id -u)" -eq 0 ] || skip "installing a package needs root (run as root to check the .deb)"
for tool in apt-get dpkg dpkg-deb dpkg-query; do
    command -v "$tool" >/dev/null || skip "no $tool here: not a Debian system"
done
for tool in lintian desktop-file-validate appstreamcli xvfb-run; do
    command -v "$tool" >/dev/null || skip "no $tool (scripts/install-deps.sh installs it)"
done

installed() { dpkg-query -W -f='${Status}' stormglass 2>/dev/null | grep -q "ok installed"; }
apt_get() {
    DEBIAN_FRONTEND=noninteractive timeout 600 apt-get -y -q -o DPkg::Lock::Timeout=300 "$@"
}

if installed; then
    if [ -e "$marker" ]; then
        # An earlier run was killed between install and purge: finish its clean-up.
        step "purging the stormglass package an interrupted run left installed"
        apt_get purge stormglass
        rm -f "$marker"
    else
        skip "a stormglass package is already installed here; this test would replace it"
    fi
fi

work=$(mktemp -d /tmp/sg-package-test.XXXXXX)
chmod 755 "$work" # apt's _apt user reads the .deb from here
deps_before=$work/packages-before
we_installed=0 # the package is on the machine because of this run
pulled_in=0    # and so may be dependencies it pulled in

cleanup() {
    local rc=$?
    if [ "$we_installed" = 1 ] && installed; then
        echo "--- clean-up: purging the stormglass package this run installed"
        apt_get purge stormglass >/dev/null || echo "clean-up: apt-get purge stormglass failed"
    fi
    if [ "$pulled_in" = 1 ]; then
        # Dependencies this run pulled in go too, so a failed run leaves nothing behind either.
        local added
        added=$(comm -13 "$deps_before" <(dpkg-query -W -f='${Package}\n' | sort))
        if [ -n "$added" ]; then
            echo "--- clean-up: purging the packages the install pulled in: $added"
            # shellcheck disable=SC2086
            apt_get purge $added >/dev/null || echo "clean-up: purging $added failed"
        fi
    fi
    rm -f "$marker"
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
    echo "FAILED: $*"
    exit 1
}

step "cpack -G DEB"
(cd "$build_dir" && timeout 300 "$cpack" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) ||
    { cat "$work/cpack.log"; fail "cpack -G DEB failed"; }
deb=$(echo "$work"/pkg/stormglass_*.deb)
[ -f "$deb" ] || fail "cpack made no stormglass_*.deb"
echo "$(basename "$deb"): $(dpkg-deb -f "$deb" Installed-Size) KiB installed"
echo "Depends: $(dpkg-deb -f "$deb" Depends)"

step "lintian"
timeout 300 lintian --allow-root --fail-on error,warning "$deb" || fail "lintian found errors or warnings"

step "desktop-file-validate, appstreamcli validate --no-net"
dpkg-deb -x "$deb" "$work/root"
desktop=$work/root/usr/share/applications/stormglass.desktop
out=$(desktop-file-validate "$desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate: $out"
metainfo=$(echo "$work"/root/usr/share/metainfo/*.metainfo.xml)
appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate failed"
# Every type the desktop entry opens is one the package defines.
for type in $(sed -n 's/^MimeType=//p' "$desktop" | tr ';' ' '); do
    grep -q "<mime-type type=\"$type\"" "$work/root/usr/share/mime/packages/stormglass.xml" ||
        fail "the desktop entry opens $type, which stormglass.xml does not define"
done

# What could change: the package's own folders and the caches its triggers rebuild.
snapshot() {
    local dir
    for dir in /usr/bin /usr/share/applications /usr/share/icons/hicolor /usr/share/man/man1 \
        /usr/share/metainfo /usr/share/mime /usr/share/doc /usr/share/stormglass \
        /var/lib/dpkg/info; do
        [ ! -e "$dir" ] || find "$dir" -xdev
    done | sort
}
snapshot >"$work/files-before"
dpkg-query -W -f='${Package}\n' | sort >"$deps_before"

step "apt-get install ./$(basename "$deb") (Depends only, no Recommends)"
touch "$marker"
we_installed=1
pulled_in=1
(cd "$work/pkg" && apt_get install --no-install-recommends "./$(basename "$deb")") \
    >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install failed"; }
grep -E '^(The following|  |[0-9]+ upgraded)' "$work/install.log" || true
installed || fail "stormglass is not installed after apt-get install"
missing=$(dpkg -L stormglass | while read -r f; do [ -e "$f" ] || echo "$f"; done)
[ -z "$missing" ] || fail "files of the package missing after install: $missing"
grep -q ':\*\.stormglass\.json$' /usr/share/mime/globs2 ||
    fail "update-mime-database did not take in *.stormglass.json"
if [ -f /usr/share/applications/mimeinfo.cache ]; then
    grep -q '^application/x-stormglass=.*stormglass.desktop' \
        /usr/share/applications/mimeinfo.cache ||
        fail "the desktop database does not open application/x-stormglass with Stormglass"
fi

# The programs run as a user starts them: a clean environment, nothing of the build in reach.
home=$work/home
mkdir -p "$home" "$work/xdg"
chmod 700 "$work/xdg"
run_clean() {
    (cd "$home" && env -i HOME="$home" XDG_RUNTIME_DIR="$work/xdg" PATH=/usr/bin:/bin \
        LANG=C.UTF-8 "$@")
}

step "stormglass-cli --version"
[ "$(command -v stormglass-cli)" = /usr/bin/stormglass-cli ] || fail "stormglass-cli is not /usr/bin's"
cli_version=$(run_clean stormglass-cli --version)
[ "$cli_version" = "stormglass $version" ] || fail "stormglass-cli --version said '$cli_version'"
echo "$cli_version"

step "stormglass-cli simulate $examples/e-commerce.stormglass.json --duration 1m"
run_clean timeout 120 stormglass-cli simulate "$examples/e-commerce.stormglass.json" \
    --duration 1m --report "$work/report.json" || fail "simulate failed"
grep -Eq '"events_put": *[1-9]' "$work/report.json" || fail "the simulation put no events"
grep -m2 -E '"(events_put|deliveries)"' "$work/report.json"

xvfb() { run_clean timeout 120 xvfb-run -a -s "-screen 0 1600x1000x24" "$@"; }

step "stormglass $examples/e-commerce.stormglass.json under xvfb-run for 6 s"
rc=0
xvfb timeout -s TERM 6 stormglass "$examples/e-commerce.stormglass.json" 2>"$work/gui.err" ||
    rc=$?
[ "$rc" = 124 ] || { cat "$work/gui.err"; fail "stormglass exited early (status $rc)"; }
[ ! -s "$work/gui.err" ] || { cat "$work/gui.err"; fail "stormglass wrote to stderr"; }

step "stormglass --screenshot: the QML modules it loads are all in Depends"
xvfb env QML_IMPORT_TRACE=1 stormglass --screenshot "$work/installed.png" --size 1600x1000 \
    "$examples/e-commerce.stormglass.json" 2>"$work/trace.err" ||
    { tail -20 "$work/trace.err"; fail "stormglass --screenshot failed"; }
[ -s "$work/installed.png" ] || fail "stormglass --screenshot wrote no picture"
cp "$work/installed.png" "$build_dir/tests/package/installed.png"
depends=" $(dpkg-deb -f "$deb" Depends | sed 's/([^)]*)//g; s/,/ /g') "
for qmldir in $(grep -o '"/usr/lib/[^"]*/qmldir"' "$work/trace.err" | tr -d '"' | sort -u); do
    owner=$(dpkg -S "$qmldir" | cut -d: -f1)
    [[ "$depends" == *" $owner "* ]] || fail "the window loads $qmldir from $owner, not in Depends"
done

step "apt-get purge stormglass"
apt_get purge stormglass >"$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge failed"; }
installed && fail "stormglass is still installed after purge"
we_installed=0
rm -f "$marker"
added=$(comm -13 "$deps_before" <(dpkg-query -W -f='${Package}\n' | sort))
if [ -n "$added" ]; then
    # shellcheck disable=SC2086
    apt_get purge $added || fail "purging the dependencies the install pulled in failed"
fi
pulled_in=0
snapshot >"$work/files-after"
if ! diff -u "$work/files-before" "$work/files-after"; then
    fail "the purge left the files above different from before the install"
fi
echo "package test: built, checked, installed, ran and removed cleanly"
