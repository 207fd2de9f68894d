import Foundation

/// Where a calendar reply stands among others: the SEQUENCE of the invitation it answers and its
/// DTSTAMP (RFC 5546 §2.1.5). A reply answering an older SEQUENCE, or an equal SEQUENCE with an
/// older or equal DTSTAMP, never replaces the answer already held.
public struct ResponseOrdering: Sendable, Hashable, Codable, Comparable {
    /// The SEQUENCE of the invitation being answered (≥ 0).
    public var sequence: Int
    /// When the reply was made (its DTSTAMP).
    public var timestamp: Date

    /// An ordering; a negative SEQUENCE is refused.
    public init(sequence: Int, timestamp: Date) throws(DomainError) {
        guard sequence >= 0 else {
            throw DomainError(field: "sequence", "an iCalendar SEQUENCE is a whole number from 0; this one is \(sequence)")
        }
        self.sequence = sequence
        self.timestamp = timestamp
    }

    public static func < (lhs: ResponseOrdering, rhs: ResponseOrdering) -> Bool {
        (lhs.sequence, lhs.timestamp) < (rhs.sequence, rhs.timestamp)
    }
}
