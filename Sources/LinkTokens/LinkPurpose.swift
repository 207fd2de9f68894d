/// What a signed link may be used for; a token made for one purpose is refused for any other.
public enum LinkPurpose: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Answering one meeting (circles-web `/r/<token>`).
    case respond = 1
    /// Stopping reminder mail (circles-web `/u/<token>`, RFC 8058 one-click).
    case unsubscribe = 2
    /// Saying whether a pair or trio met (circles-web `/p/<token>`); the token's meeting slot
    /// carries the pair's id.
    case pairMeeting = 3

    public var description: String {
        switch self {
        case .respond: "respond"
        case .unsubscribe: "unsubscribe"
        case .pairMeeting: "pair meeting"
        }
    }
}
