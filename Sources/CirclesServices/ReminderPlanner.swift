import CirclesDomain
import Foundation

/// Decides which meeting reminders a person gets, and when. Pure.
///
/// Each offset before the start gives one reminder (the facilitator also gets the earlier
/// facilitator offsets). Offsets still ahead are enqueued at their time. Offsets already
/// passed — a meeting arranged at short notice, or a worker that was down — are skipped,
/// unless all have passed: then the latest goes out straight away, while the meeting has
/// not started, so nobody misses a meeting for want of a reminder.
enum ReminderPlanner {
    /// One upcoming meeting and one person to remind.
    struct Recipient {
        let meetingID: String
        let startsAt: Date
        let personID: String
        let offsets: [Int]
    }

    static func reminders(for recipient: Recipient, now: Date) -> [PlannedReminder] {
        guard recipient.startsAt > now else { return [] }
        let starts = Int64(recipient.startsAt.timeIntervalSince1970)
        var planned: [PlannedReminder] = []
        var latestPassed: Int?
        for offset in Set(recipient.offsets).sorted(by: >) {
            let due = recipient.startsAt.addingTimeInterval(-TimeInterval(offset * 60))
            if due > now {
                planned.append(reminder(recipient, offset: offset, starts: starts, due: due))
            } else {
                latestPassed = offset
            }
        }
        if planned.isEmpty, let offset = latestPassed {
            planned.append(reminder(recipient, offset: offset, starts: starts, due: now))
        }
        return planned
    }

    /// The key names the meeting, the person, the offset and the start, so a moved meeting
    /// gets fresh reminders and the same pass run twice enqueues nothing new.
    private static func reminder(_ recipient: Recipient, offset: Int, starts: Int64, due: Date) -> PlannedReminder {
        PlannedReminder(
            idempotencyKey: .meetingReminder(meetingID: recipient.meetingID, personID: recipient.personID, offsetMinutes: offset, startsAt: starts),
            kind: .meetingReminder, recipientID: recipient.personID, occurrenceID: recipient.meetingID, dueAt: due)
    }
}
