/// The days on which nobody is in: dates that are closed, and the weekdays that are worked.
///
/// A meeting is affected only when its own date is closed; the working weekdays say where a
/// moved meeting may land (a Saturday meeting on an open Saturday stays where it is).
public struct ClosedDays: Sendable, Hashable {
    /// Closed dates, local to the series' time zone.
    public var dates: Set<LocalDate>
    /// The weekdays a meeting may be moved onto.
    public var workingWeekdays: Set<Weekday>

    /// Closed dates, with Monday to Friday as working weekdays unless told otherwise.
    public init(_ dates: some Sequence<LocalDate>, workingWeekdays: Set<Weekday> = Set(Weekday.workingDays)) {
        self.dates = Set(dates)
        self.workingWeekdays = workingWeekdays
    }

    /// No closed days.
    public static let none = ClosedDays([])

    /// Whether the date is closed.
    public func isClosed(_ date: LocalDate) -> Bool { dates.contains(date) }

    /// Whether a meeting may be held or moved onto the date: a working weekday that is not closed.
    public func isOpenWorkingDay(_ date: LocalDate) -> Bool {
        workingWeekdays.contains(date.weekday) && !dates.contains(date)
    }
}
