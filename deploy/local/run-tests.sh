#!/usr/bin/env bash
# The test run behind `make test`, inside with-services.sh. Three passes: everything else in
# parallel; then the SMTP transport and HTTP server tests (one proves that blocked sends leave
# Swift's cooperative pool free, another times a slow client); then the worker's metrics and
# kill -9 tests and statement cancellation, which wait on child processes and time them. Each
# timed pass only means something when other tests (the CLI tests wait on child processes) are
# not holding the cooperative pool's two threads.
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
transport="MailTransportTests|ObservabilityTests"
processes="CirclesCLITests.WorkerMetricsTests|CirclesCLITests.WorkerReliabilityTests|PostgresTests.CancellationTests"
"${swift[@]}" test --skip-build "${build_flags[@]}" --skip "$transport|$processes"
"${swift[@]}" test --skip-build "${build_flags[@]}" --filter "$transport"
"${swift[@]}" test --skip-build "${build_flags[@]}" --filter "$processes"
