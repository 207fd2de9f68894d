import Foundation
import Synchronization

/// The `Date` header's text, written once a second rather than once a response.
final class HTTPDateClock: Sendable {
    private let last = Mutex<(second: Int, text: String)>((-1, ""))

    func text(_ now: Date) -> String {
        let second = Int(now.timeIntervalSince1970.rounded(.down))
        return last.withLock { last in
            if last.second != second { last = (second, HTTPDate.format(now)) }
            return last.text
        }
    }
}
