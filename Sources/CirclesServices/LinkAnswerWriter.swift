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
/// No thread of its own: the caller that finds no batch being written writes one (its own answer
/// first, then whatever waits); when done it hands the next batch to the first caller waiting.
public final class LinkAnswerWriter: Sendable {
    enum Turn: Sendable {
        case done(Result<ResponseOutcome, any Error>)
        case lead
    }

    struct Waiting: Sendable {
        let answer: LinkAnswer
        let continuation: CheckedContinuation<Turn, Never>
    }

    struct State: Sendable {
        var queue: [Waiting] = []
        var writing = false
    }

    /// One lane: its waiting answers, and whether a batch of it is being written.
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
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = lane.state.withLock { state in
                if state.writing {
                    state.queue.append(Waiting(answer: answer, continuation: continuation))
                    return false
                }
                state.writing = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result): return try result.get()
        case .lead: return try await lead(answer, lane).get()
        }
    }

    /// Who answered which meeting: a batch holds at most one answer of each.
    struct Pair: Hashable {
        let meeting: ID<Meeting>
        let person: ID<Person>
        init(_ answer: LinkAnswer) {
            meeting = answer.meetingID
            person = answer.personID
        }
    }

    /// The next batch after `own`: the first `limit` waiting answers, in order, but never two of
    /// one person to one meeting. A second answer waits for the next batch (it follows the first),
    /// so the batch is one statement: two of one pair would need a statement each, and each
    /// statement audits and copies into the history on its own.
    static func take(from queue: inout [Waiting], after own: LinkAnswer, upTo limit: Int) -> [Waiting] {
        var pairs: Set<Pair> = [Pair(own)]
        var taken: [Waiting] = [], left: [Waiting] = []
        taken.reserveCapacity(min(limit, queue.count))
        for waiting in queue {
            if taken.count < limit, pairs.insert(Pair(waiting.answer)).inserted {
                taken.append(waiting)
            } else {
                left.append(waiting)
            }
        }
        queue = left
        return taken
    }

    /// Writes one batch — `own` first, then those waiting — answers each waiting caller, and hands
    /// the next batch to the first caller still waiting (or stops writing).
    private func lead(_ own: LinkAnswer, _ lane: Lane) async -> Result<ResponseOutcome, any Error> {
        let taken = lane.state.withLock { state in Self.take(from: &state.queue, after: own, upTo: maximumBatch - 1) }
        let answers = [own] + taken.map(\.answer)
        let services = services
        // The batch is everyone's: it runs apart from this caller's task, so that its cancellation
        // (a client gone) cannot cancel the others' statements.
        let results = await Task { await services.recordLinkResponses(answers) }.value
        for (waiting, result) in zip(taken, results.dropFirst()) { waiting.continuation.resume(returning: .done(result)) }
        let next = lane.state.withLock { state -> Waiting? in
            guard !state.queue.isEmpty else {
                state.writing = false
                return nil
            }
            return state.queue.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return results.first ?? .failure(ServiceError(.invalid, "an answer was left undecided"))
    }
}
