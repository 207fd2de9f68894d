/// What became of an answer offered for a meeting: recorded, already held, overtaken by a newer
/// one, or refused — and why, so each caller (a web page, a calendar reply, the CLI) can say so.
public enum ResponseOutcome: Sendable, Hashable {
    /// Stored as the current answer; `previous` is what it replaced, if anything.
    case recorded(MeetingResponse, previous: MeetingResponse?)
    /// The same answer and note were already held: nothing was written.
    case unchanged(MeetingResponse)
    /// A newer answer is already held (a later iTIP SEQUENCE/DTSTAMP, or an answer given after
    /// this reply's DTSTAMP): nothing was written; `current` is what stands.
    case superseded(current: MeetingResponse)
    /// Nothing was written, for the reason given.
    case refused(ResponseRefusal)

    /// The answer that stands after this outcome, if any.
    public var current: MeetingResponse? {
        switch self {
        case .recorded(let response, _), .unchanged(let response), .superseded(let response): response
        case .refused: nil
        }
    }
}

/// Why an answer was not taken.
public enum ResponseRefusal: Sendable, Hashable, CustomStringConvertible {
    /// The meeting has started (or ended): answers can be changed only until it starts.
    case meetingStarted
    /// The meeting was cancelled.
    case meetingCancelled
    /// The meeting has been recorded as held.
    case meetingHeld
    /// The person is not (or no longer) invited to this meeting, nor its facilitator.
    case notInvited
    /// The person has been deactivated or erased.
    case personInactive

    public var description: String {
        switch self {
        case .meetingStarted: "the meeting has already started; answers can be changed only until it starts"
        case .meetingCancelled: "the meeting was cancelled"
        case .meetingHeld: "the meeting has already been recorded as held"
        case .notInvited: "the person is not invited to this meeting"
        case .personInactive: "the person is no longer active in Circles"
        }
    }
}
