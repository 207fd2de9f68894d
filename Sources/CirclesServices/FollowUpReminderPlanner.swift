import CirclesDomain
import CirclesStore
import Foundation

/// Decides when a follow-up's owner hears about it. Pure.
///
/// At 09:00 in the owner's zone on the day before it is due: "due tomorrow". Then, while it stays
/// open, at 09:00 one, eight and fifteen days after the due date: "overdue" — three nudges, no
/// more; after that it lives on in the team lead's weekly digest. A reminder whose time has passed
/// (the follow-up was added late, or no worker ran) goes out at once if it is still the latest
/// one that applies; older ones are dropped, so a worker back from an outage sends one, not three.
enum FollowUpReminderPlanner {
    /// The hour, in the owner's zone, these reminders go out.
    static let sendHour = 9
    /// Days after the due date on which an overdue nudge goes out.
    static let overdueDays = [1, 8, 15]

    static func reminders(for followUp: OutboxStore.DatedFollowUp, now: Date, lookahead: TimeInterval) -> [PlannedReminder] {
        guard let zone = TimeZone(identifier: followUp.ownerTimeZone) ?? TimeZone(identifier: "UTC"),
            let due = dateParts(followUp.dueOn)
        else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        func at(daysAfterDue days: Int, hour: Int) -> Date? {
            calendar.date(from: DateComponents(year: due.year, month: due.month, day: due.day + days, hour: hour))
        }
        let horizon = now.addingTimeInterval(lookahead)
        // Each candidate: its key, kind, time, and until when it is still worth sending late.
        var candidates: [(key: IdempotencyKey, kind: ReminderKind, at: Date, staleAfter: Date)] = []
        if let dayBefore = at(daysAfterDue: -1, hour: sendHour), let dueDay = at(daysAfterDue: 0, hour: 0) {
            candidates.append((.followUpDue(followUpID: followUp.followUpID, dueOn: followUp.dueOn), .followUpDue, dayBefore, dueDay))
        }
        for (index, days) in overdueDays.enumerated() {
            guard let time = at(daysAfterDue: days, hour: sendHour) else { continue }
            let next = index + 1 < overdueDays.count ? at(daysAfterDue: overdueDays[index + 1], hour: sendHour) : nil
            candidates.append((
                .followUpOverdue(followUpID: followUp.followUpID, dueOn: followUp.dueOn, daysAfter: days), .followUpOverdue, time,
                next ?? time.addingTimeInterval(7 * 86_400)
            ))
        }
        return candidates.compactMap { candidate in
            let sendAt: Date
            if candidate.at > now {
                guard candidate.at <= horizon else { return nil }
                sendAt = candidate.at
            } else {
                guard now < candidate.staleAfter else { return nil }
                sendAt = now
            }
            return PlannedReminder(
                idempotencyKey: candidate.key, kind: candidate.kind, recipientID: followUp.ownerID,
                followUpID: followUp.followUpID, dueAt: sendAt)
        }
    }

    private static func dateParts(_ text: String) -> (year: Int, month: Int, day: Int)? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return (parts[0], parts[1], parts[2])
    }
}
