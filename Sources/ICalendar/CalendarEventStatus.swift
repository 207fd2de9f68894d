/// The VEVENT STATUS we write: a request confirms, a cancellation cancels.
public enum CalendarEventStatus: String, Sendable, Hashable, CaseIterable {
    /// The meeting goes ahead.
    case confirmed = "CONFIRMED"
    /// The meeting is called off.
    case cancelled = "CANCELLED"
}
