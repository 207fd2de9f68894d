import CirclesDomain
import Synchronization

/// Group commit for link answers: while batches are being written, the answers that arrive wait,
/// and the next batch takes them all (up to `maximumBatch`) in one transaction
/// (`CirclesServices.recordLinkResponses`). Each caller awaits its own outcome, which is exactly
/// what recording it alone would give. Under no load a batch is one answer and nothing waits.
///
/// Up to `writers` batches are written at once (one database backend alone cannot keep up), all
/// taking from one queue: an answer waits only until the first of them is done. Two answers of one
/// person to one meeting are never in batches written at once, so they are written in the order
/// they came.
///
/// No thread of its own: a caller that finds a writer free writes a batch (its own answer first,
/// then whatever waits); when done it hands the next batch to the first caller that may lead one.
public final class LinkAnswerWriter: Sendable {
    enum Turn: Sendable {
        case done(Result<ResponseOutcome, any Error>)
        case lead
    }

    struct Waiting: Sendable {
        let answer: LinkAnswer
        let continuation: CheckedContinuation<Turn, Never>
    }

    /// Who answered which meeting: a batch holds at most one answer of each, and batches written
    /// at once hold none in common.
    struct Pair: Hashable {
        let meeting: ID<Meeting>
        let person: ID<Person>
        init(_ answer: LinkAnswer) {
            meeting = answer.meetingID
            person = answer.personID
        }
    }

    struct State: Sendable {
        var queue: [Waiting] = []
        /// Batches being written.
        var writing = 0
        /// The pairs of the batches being written.
        var busy: Set<Pair> = []
    }

    let services: CirclesServices
    /// The most answers one transaction takes.
    public let maximumBatch: Int
    /// The most batches written at once (each holds one of the pool's connections while it writes).
    public let writers: Int
    private let state = Mutex(State())

    /// A writer over `services`, batches of at most `maximumBatch`, at most `writers` at once.
    public init(services: CirclesServices, maximumBatch: Int = 128, writers: Int = 2) {
        self.services = services
        self.maximumBatch = max(1, maximumBatch)
        self.writers = max(1, writers)
    }

    /// Records `answer` (in the next batch) and returns its outcome; throws what
    /// `recordResponse(…, source: .link, …)` would throw for it.
    public func record(_ answer: LinkAnswer) async throws -> ResponseOutcome {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let leads = state.withLock { state in
                // It leads when a writer is free, its pair is in no batch being written and no
                // earlier answer of its pair waits.
                let pair = Pair(answer)
                if state.writing < writers, !state.busy.contains(pair), !state.queue.contains(where: { Pair($0.answer) == pair }) {
                    state.writing += 1
                    state.busy.insert(pair)
                    return true
                }
                state.queue.append(Waiting(answer: answer, continuation: continuation))
                return false
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .done(let result): return try result.get()
        case .lead: return try await lead(answer).get()
        }
    }

    /// The next batch after `own`: the first `limit` waiting answers, in order, but never two of
    /// one pair, nor one of a pair in `busy` (a batch being written). Those wait for a later
    /// batch, behind the answer they follow; the batch is therefore one statement (two of one
    /// pair would need a statement each) and the pairs it takes are added to `busy`.
    static func take(from queue: inout [Waiting], busy: inout Set<Pair>, upTo limit: Int) -> [Waiting] {
        var taken: [Waiting] = [], left: [Waiting] = []
        taken.reserveCapacity(min(limit, queue.count))
        for waiting in queue {
            if taken.count < limit, busy.insert(Pair(waiting.answer)).inserted {
                taken.append(waiting)
            } else {
                left.append(waiting)
            }
        }
        queue = left
        return taken
    }

    /// The first waiting answer that may lead a batch (its pair in no batch being written),
    /// taken out of the queue with its pair marked busy.
    static func nextLeader(from queue: inout [Waiting], busy: inout Set<Pair>) -> Waiting? {
        guard let index = queue.firstIndex(where: { !busy.contains(Pair($0.answer)) }) else { return nil }
        busy.insert(Pair(queue[index].answer))
        return queue.remove(at: index)
    }

    /// Writes one batch — `own` first, then those waiting — answers each waiting caller, and hands
    /// the next batch to the first caller that may lead one (or stops writing).
    private func lead(_ own: LinkAnswer) async -> Result<ResponseOutcome, any Error> {
        let taken = state.withLock { state in Self.take(from: &state.queue, busy: &state.busy, upTo: maximumBatch - 1) }
        let answers = [own] + taken.map(\.answer)
        let services = services
        // The batch is everyone's: it runs apart from this caller's task, so that its cancellation
        // (a client gone) cannot cancel the others' statements.
        let results = await Task { await services.recordLinkResponses(answers) }.value
        for (waiting, result) in zip(taken, results.dropFirst()) { waiting.continuation.resume(returning: .done(result)) }
        let next = state.withLock { state -> [Waiting] in
            for answer in answers { state.busy.remove(Pair(answer)) }
            state.writing -= 1
            // Answers of pairs freed just now may lead too, while writers are free.
            var leaders: [Waiting] = []
            while state.writing < writers, let leader = Self.nextLeader(from: &state.queue, busy: &state.busy) {
                state.writing += 1
                leaders.append(leader)
            }
            return leaders
        }
        for leader in next { leader.continuation.resume(returning: .lead) }
        return results.first ?? .failure(ServiceError(.invalid, "an answer was left undecided"))
    }
}
