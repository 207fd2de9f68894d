import Dispatch

/// Runs blocking test set-up (starting a process and waiting for it) on a thread of its own.
///
/// On Linux, `DispatchQueue.global()` shares its few threads with Swift's cooperative pool,
/// so blocking there would stall other tests, and the test that measures the pool. A fresh
/// serial queue gets a thread of its own.
enum OffThePool {
    /// Runs `work` on a new serial queue and returns its result.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue(label: "circles.tests.blocking").async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
