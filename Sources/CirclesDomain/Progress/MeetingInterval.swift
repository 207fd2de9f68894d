/// The nominal number of days between a series' meetings, read from its RFC 5545 rule:
/// FREQ (DAILY 1, WEEKLY 7, MONTHLY 30, YEARLY 365; anything finer 1) × INTERVAL, divided by
/// the number of BYDAY days for a weekly rule (`FREQ=WEEKLY;BYDAY=TU,TH` → 3 or 4, rounded up
/// to 4). Never less than one day. Used only for the "at risk" and "stalled" thresholds.
public enum MeetingInterval {
    /// The nominal interval in days, or nil when the rule has no recognisable FREQ.
    public static func days(rule: String) -> Int? {
        var parts: [String: String] = [:]
        for part in rule.uppercased().split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { parts[pair[0]] = pair[1] }
        }
        let period: Int
        switch parts["FREQ"] {
        case "YEARLY": period = 365
        case "MONTHLY": period = 30
        case "WEEKLY": period = 7
        case "DAILY", "HOURLY", "MINUTELY", "SECONDLY": period = 1
        default: return nil
        }
        let interval = max(1, parts["INTERVAL"].flatMap { Int($0) } ?? 1)
        var days = period * interval
        if parts["FREQ"] == "WEEKLY", let byDay = parts["BYDAY"] {
            let count = max(1, byDay.split(separator: ",").count)
            days = (days + count - 1) / count
        }
        return max(1, days)
    }
}
