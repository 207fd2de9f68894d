import CirclesDomain
import CirclesStore
import Foundation

/// Decides when each team lead gets the weekly digest: Monday at 08:00 in the team's zone. Pure.
///
/// The key names the team, the lead and the Monday, so each lead gets one digest a week however
/// often the pass runs. A digest not sent by Monday evening (no worker ran) is skipped: a stale
/// digest is worse than none, and next Monday's comes as usual.
enum DigestPlanner {
    static let sendHour = 8
    /// How long after its time a digest is still worth sending.
    static let lateness: TimeInterval = 12 * 3_600

    static func reminders(for lead: OutboxStore.TeamLead, now: Date, lookahead: TimeInterval) -> [PlannedReminder] {
        guard let zone = TimeZone(identifier: lead.teamTimeZone) ?? TimeZone(identifier: "UTC") else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // This week's Monday (ISO weeks start on Monday), then the next one.
        let today = calendar.dateComponents([.year, .month, .day, .weekday], from: now)
        guard let weekday = today.weekday, let year = today.year, let month = today.month, let day = today.day else { return [] }
        let daysSinceMonday = (weekday + 5) % 7  // Calendar: Sunday = 1, Monday = 2
        var planned: [PlannedReminder] = []
        for week in [0, 7] {
            let monday = day - daysSinceMonday + week
            guard let at = calendar.date(from: DateComponents(year: year, month: month, day: monday, hour: sendHour)) else { continue }
            let sendAt: Date
            if at > now {
                guard at <= now.addingTimeInterval(lookahead) else { continue }
                sendAt = at
            } else {
                guard now.timeIntervalSince(at) < lateness else { continue }
                sendAt = now
            }
            let date = calendar.dateComponents([.year, .month, .day], from: at)
            let label = String(format: "%04d-%02d-%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
            planned.append(PlannedReminder(
                idempotencyKey: .digest(teamID: lead.teamID, personID: lead.personID, weekOf: label), kind: .digest, recipientID: lead.personID,
                teamID: lead.teamID, dueAt: sendAt))
        }
        return planned
    }
}
