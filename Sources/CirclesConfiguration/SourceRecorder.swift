import Configuration
import Synchronization

/// An access reporter that remembers which provider answered for each key, so that
/// `config check` can say where every value came from.
final class SourceRecorder: AccessReporter, Sendable {
    private let answers = Mutex<[String: Int]>([:])

    func report(_ event: AccessEvent) {
        // The reader asks providers in order and stops at the first value, so the last result answered.
        guard let last = event.providerResults.last, case .success(let lookup) = last.result, lookup.value != nil else {
            return
        }
        let index = event.providerResults.count - 1
        answers.withLock { $0[event.metadata.key.description] = index }
    }

    /// The index of the provider that supplied `key`, or nil when none did.
    func provider(for key: String) -> Int? {
        answers.withLock { $0[key] }
    }
}
