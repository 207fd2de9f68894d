import CirclesDomain
import Synchronization

/// Group commit for link answers: while one batch is being written, the answers that arrive wait,
/// and the next batch takes them all (up to `maximumBatch`) in one transaction
/// (`CirclesServices.recordLinkResponses`). Each caller awaits its own outcome, which is exactly
/// what recording it alone would give. Under no load a batch is one answer and nothing waits.
///
/// Answers go in `lanes` by their meeting and person, each lane writing one batch at a time, so
/// two answers of one person to one meeting are always written in the order they came, while
/// batches of different lanes are written at once (one database backend alone cannot keep up).
///
/// A lane with answers waiting has one task writing its batches, one after the other, until none
/// wait: the next batch starts as soon as the last is written, not once a waiting caller's task
/// has been scheduled to take over. It runs apart from the callers' tasks, so that a caller's
/// cancellation (a client gone) cannot cancel the statements of everyone in its batch.
public final class LinkAnswerWriter: Sendable {
    struct Waiting: Sendable {
        let answer: LinkAnswer
        let continuation: CheckedContinuation<Result<ResponseOutcome, any Error>, Never>
    }

    struct State: Sendable {
        var queue: [Waiting] = []
        var writing = false
    }

    /// One lane: its waiting answers, and whether its task is writing them.
    final class Lane: Sendable {
        let state = Mutex(State())
    }

    let services: CirclesServices
    /// The most answers one transaction takes.
    public let maximumBatch: Int
    private let lanes: [Lane]

    /// A writer over `services`, batches of at most `maximumBatch`, in `lanes` lanes (each may hold
    /// one of the pool's connections while it writes).
    public init(services: CirclesServices, maximumBatch: Int = 128, lanes: Int = 2) {
        self.services = services
        self.maximumBatch = max(1, maximumBatch)
        self.lanes = (0..<max(1, lanes)).map { _ in Lane() }
    }

    /// The lane of an answer: the same for every answer of one person to one meeting.
    private func lane(of answer: LinkAnswer) -> Lane {
        var hasher = Hasher()
        hasher.combine(answer.meetingID)
        hasher.combine(answer.personID)
        return lanes[Int(UInt(bitPattern: hasher.finalize()) % UInt(lanes.count))]
    }

    /// Records `answer` (in the next batch) and returns its outcome; throws what
    /// `recordResponse(…, source: .link, …)` would throw for it.
    public func record(_ answer: LinkAnswer) async throws -> ResponseOutcome {
        let lane = lane(of: answer)
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<ResponseOutcome, any Error>, Never>) in
            let starts = lane.state.withLock { state in
                state.queue.append(Waiting(answer: answer, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if starts { Task { await self.write(lane) } }
        }
        return try result.get()
    }

    /// The next batch: the first `limit` waiting answers, in the order they came. Two answers of
    /// one person to one meeting may be in it: they are decided and written in that order.
    static func take(from queue: inout [Waiting], upTo limit: Int) -> [Waiting] {
        let taken = Array(queue.prefix(limit))
        queue.removeFirst(taken.count)
        return taken
    }

    /// Writes the lane's batches until no answer waits, answering each caller as its batch is done.
    private func write(_ lane: Lane) async {
        while true {
            let batch = lane.state.withLock { state in
                let taken = Self.take(from: &state.queue, upTo: maximumBatch)
                if taken.isEmpty { state.writing = false }
                return taken
            }
            guard !batch.isEmpty else { return }
            let results = await services.recordLinkResponses(batch.map(\.answer))
            for (waiting, result) in zip(batch, results) { waiting.continuation.resume(returning: result) }
        }
    }
}
