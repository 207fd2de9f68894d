import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT (Ctrl-C) and SIGTERM into cancellation of the running command's task.
///
/// Cancelling the task cancels the statement its database connection is running on the server
/// (see `PostgresPool.withConnection`), so an interrupted `action schedule` does not run on in
/// PostgreSQL holding locks. The command then ends with `CancellationError`, its transaction
/// rolled back. Work that never looks at cancellation (e.g. a long `rrule expand`) is ended
/// after `grace`; a second signal ends the process at once.
final class Interruption: Sendable {
    /// The signal that interrupted the command, if one did.
    var signal: Int32? {
        let value = received.load(ordering: .acquiring)
        return value == 0 ? nil : value
    }

    /// How long cancelled work may take to wind up before the process exits regardless.
    static let grace: Duration = .seconds(3)

    private let received = Atomic<Int32>(0)

    /// Runs `work` as a task that a SIGINT or SIGTERM cancels.
    func run(_ work: sending @escaping () async throws -> Void) async throws {
        let task = Task { try await work() }
        let sources = install(cancelling: task)
        defer { sources.forEach { $0.cancel() } }
        try await task.value
    }

    private func install(cancelling task: Task<Void, any Error>) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { (number: Int32) -> any DispatchSourceSignal in
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                guard received.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing).exchanged else { return }
                // A second signal takes the default action: the process ends at once.
                Foundation.signal(SIGINT, SIG_DFL)
                Foundation.signal(SIGTERM, SIG_DFL)
                task.cancel()
                DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(Int(Self.grace.components.seconds))) {
                    Self.reportAndExit(number)
                }
            }
            source.resume()
            return source
        }
    }

    /// Says what happened and exits with 128 + the signal's number, as shells expect.
    static func reportAndExit(_ number: Int32) -> Never {
        let name = number == SIGINT ? "SIGINT" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
        FileHandle.standardError.write(Data(
            "error: interrupted by \(name); any statement running on the server was cancelled and its transaction rolled back\n".utf8))
        exit(128 + number)
    }
}
