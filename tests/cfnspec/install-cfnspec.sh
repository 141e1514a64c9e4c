#!/bin/sh
# Installs the npm package @aws-cdk/cfnspec (AWS's CloudFormation resource specification) into
# PREFIX for the spec conformance test. Exits 77, which ctest reports as skipped, when npm or the
# registry is unavailable; the tests that need the specification then skip too.
# Usage: install-cfnspec.sh PREFIX VERSION
set -u
prefix=$1
version=$2
spec="$prefix/node_modules/@aws-cdk/cfnspec/spec/specification.json"

if [ -f "$spec" ] && grep -q "\"version\": \"$version\"" \
    "$prefix/node_modules/@aws-cdk/cfnspec/package.json" 2>/dev/null; then
    echo "cfnspec: @aws-cdk/cfnspec@$version already installed in $prefix"
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "cfnspec: npm not found; the CloudFormation specification tests will skip"
    exit 77
fi
mkdir -p "$prefix" || exit 77
# Short network timeouts: an offline machine should skip in seconds, not minutes.
if timeout 240 npm install --prefix "$prefix" "@aws-cdk/cfnspec@$version" \
    --no-audit --no-fund --no-save --loglevel=error \
    --fetch-retries=1 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=10000 \
    --fetch-timeout=60000 && [ -f "$spec" ]; then
    echo "cfnspec: installed @aws-cdk/cfnspec@$version into $prefix"
    exit 0
fi
echo "cfnspec: could not install @aws-cdk/cfnspec@$version (registry unreachable?);" \
    "the CloudFormation specification tests will skip"
exit 77
