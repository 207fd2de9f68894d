/// Something that can deliver mail: SMTP in production, a directory of `.eml` files in development.
///
/// `send` never throws: every mail gets its own outcome, in the order of the batch, so a
/// failure of one mail (a rejected recipient) does not fail the others.
public protocol MailTransport: Sendable {
    /// Delivers a batch, reusing one connection where the transport has one; one outcome per mail, in order.
    func send(_ batch: [OutgoingMail]) async -> [DeliveryOutcome]
}
