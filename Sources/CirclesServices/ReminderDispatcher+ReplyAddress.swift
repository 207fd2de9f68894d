import CirclesDomain
import CirclesStore
import Postgres
import ReplyReading

extension ReminderDispatcher {
    /// The contexts with each meeting mail's reply address, `base` plus the token of that person
    /// and meeting (made on first use, for the whole batch in two statements); unchanged when
    /// replies are not read (`base` nil).
    static func withReplyAddresses(
        _ contexts: [Context], base: String?, on connection: isolated PostgresConnection
    ) throws -> [Context] {
        guard let base else { return contexts }
        let meetingKinds: Set<ReminderKind> = [.invitation, .meetingReminder, .cancellation]
        let pairs = contexts.compactMap { context -> (person: String, meeting: String)? in
            guard meetingKinds.contains(context.reminder.kind), context.reminder.occurrenceID != nil, let meeting = context.meeting else {
                return nil
            }
            return (context.recipient.id, meeting.id)
        }
        let tokens = try ReplyStore.tokens(for: pairs, make: { ReplyToken.random().value }, on: connection)
        return contexts.map { context in
            var context = context
            if let meeting = context.meeting, context.reminder.occurrenceID != nil,
                let token = tokens[ReplyStore.key(person: context.recipient.id, meeting: meeting.id)].flatMap(ReplyToken.init)
            {
                context.replyAddress = token.address(base: base)
            }
            return context
        }
    }
}
