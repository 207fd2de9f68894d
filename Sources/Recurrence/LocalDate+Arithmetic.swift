extension LocalDate {
    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate {
        let (y, m, d) = Civil.date(days: dayNumber + days)
        return LocalDate(unchecked: y, m, d)
    }

    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }
}
