#!/usr/bin/env bash
# The test run behind `make test`, inside with-services.sh. Two passes: everything else in
# parallel, then the tests that time something on their own — the SMTP transport and HTTP server
# tests (one proves that blocked sends leave Swift's cooperative pool free), the worker's metrics
# and kill -9 tests, and statement cancellation. They only mean something when other tests (the
# CLI tests wait on child processes) are not holding the cooperative pool's two threads.
set -euo pipefail
# Tests that need a tool (python3-icalendar, python3-dateutil, openssl, …) skip without it under a
# bare `swift test`; here they must run, and fail naming what to install (Tests/TestRequirements).
export CIRCLES_REQUIRE_ALL=1
read -ra swift <<<"${SWIFT:-swift}"
read -ra build_flags <<<"${SWIFT_BUILD_FLAGS:-}"
read -ra test_flags <<<"${SWIFT_TEST_FLAGS:-}"
if [[ ${#test_flags[@]} -gt 0 ]]; then
    exec "${swift[@]}" test --skip-build "${build_flags[@]}" "${test_flags[@]}"
fi
# deploy/: systemd units, Kubernetes manifests, image and compose files (no engine needed).
"$(dirname "${BASH_SOURCE[0]}")/../check-deploy.sh"
timed="MailTransportTests|ObservabilityTests|CirclesCLITests.WorkerMetricsTests|CirclesCLITests.WorkerReliabilityTests|PostgresTests.CancellationTests"
"${swift[@]}" test --skip-build "${build_flags[@]}" --skip "$timed"
"${swift[@]}" test --skip-build "${build_flags[@]}" --filter "$timed"
