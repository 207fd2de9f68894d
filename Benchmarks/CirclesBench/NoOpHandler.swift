import Synchronization

/// The Circles side's counterpart of pgqueuer's no-op entrypoint: an async call per job that
/// does nothing but count, so the comparison does like work on both sides.
final class NoOpHandler: Sendable {
    private let counter = Atomic<Int>(0)

    /// Jobs handled so far.
    var calls: Int { counter.load(ordering: .relaxed) }

    /// Handles one job: nothing, counted. Not inlined, so the call is really made.
    @inline(never)
    func handle<Job: Sendable>(_ job: Job) async {
        counter.wrappingAdd(1, ordering: .relaxed)
    }
}
