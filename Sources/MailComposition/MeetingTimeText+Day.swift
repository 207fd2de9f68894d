extension MeetingTimeText {
    /// `Tuesday 8 December 2026` for `YYYY-MM-DD`, as mail shows due days (the text itself when
    /// it is not such a day).
    public static func day(_ text: String) -> String {
        MeetingTimeFormatter.calendarDate(text)
    }
}
