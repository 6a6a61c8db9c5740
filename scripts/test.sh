#!/usr/bin/env bash
# Every test, on a fresh Debian machine: installs what the tests need, builds with warnings as errors, runs all suites.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
dotnet build Kubernaut.sln -c Release -warnaserror
log=$(mktemp)
set +e
dotnet test --solution Kubernaut.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
# Microsoft.Testing.Platform prints one summary per test project; add them up into the plain closing line.
sum() { grep -E "^\s+$1:" "$log" | awk '{s+=$2} END {print s+0}'; }
echo "$(sum succeeded) passed, $(sum failed) failed, $(sum skipped) skipped"
exit "$status"
