/// Where an action item stands. Open → in progress → done or dropped; a finished item may be reopened.
public enum ActionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case open
    case inProgress = "in_progress"
    case done
    case dropped

    /// The command-line spelling: `open`, `in-progress`, `done`, `dropped`.
    public var name: String { self == .inProgress ? "in-progress" : rawValue }

    /// Parses the command-line spelling (or the stored one).
    public init(parsing text: String) throws(DomainError) {
        let key = text.trimmingWhitespace.lowercased()
        guard let value = ActionStatus.allCases.first(where: { $0.name == key || $0.rawValue == key }) else {
            throw DomainError(
                field: "status",
                "unknown status \"\(text)\"; expected one of \(ActionStatus.allCases.map(\.name).joined(separator: ", "))")
        }
        self = value
    }

    /// The statuses an item may move to from this one.
    public var next: [ActionStatus] {
        switch self {
        case .open: [.inProgress, .done, .dropped]
        case .inProgress: [.open, .done, .dropped]
        case .done, .dropped: [.open]
        }
    }

    /// Checks a move, including that dropping says why.
    public func validateMove(to target: ActionStatus, reason: String?) throws(DomainError) {
        guard target != self else {
            throw DomainError(field: "status", "the action item is already \(name)")
        }
        guard next.contains(target) else {
            throw DomainError(
                field: "status",
                "an action item that is \(name) cannot become \(target.name); it can become \(next.map(\.name).joined(separator: " or "))")
        }
        if target == .dropped, (reason?.trimmingWhitespace ?? "").isEmpty {
            throw DomainError(field: "reason", "dropping an action item needs a reason (--reason \"…\")")
        }
    }
}
