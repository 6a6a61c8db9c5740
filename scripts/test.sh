#!/usr/bin/env bash
# Every test, on a fresh Debian machine: installs what the tests need, builds with warnings as errors, runs all suites.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-test-deps.sh
dotnet build Kubernaut.sln -c Release -warnaserror
dotnet test --solution Kubernaut.sln -c Release --no-build 2>&1 | tee /tmp/kubernaut-test.log
summary=$(grep -E '^\s+(succeeded|failed|skipped):' /tmp/kubernaut-test.log | tr -d ' ' | tr '\n' ' ')
passed=$(sed -n 's/.*succeeded:\([0-9]*\).*/\1/p' <<<"$summary")
failed=$(sed -n 's/.*failed:\([0-9]*\).*/\1/p' <<<"$summary")
skipped=$(sed -n 's/.*skipped:\([0-9]*\).*/\1/p' <<<"$summary")
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
