/// Calls `check` every 20 ms until it gives a value or `timeout` has passed, and once more after
/// that: under `make test` the test process's few threads can all be blocked elsewhere for longer
/// than a timeout, and a task that wakes up late must still see what happened in time (a
/// circles-web that had listened 20 ms after starting was once reported as not started).
func poll<Value>(for timeout: Duration, _ check: () throws -> Value?) async throws -> Value? {
    let deadline = ContinuousClock.now + timeout
    while true {
        if let value = try check() { return value }
        guard ContinuousClock.now < deadline else { return nil }
        try await Task.sleep(for: .milliseconds(20))
    }
}
