import CirclesDomain
import Foundation

extension MailLinks {
    /// How long after a round's last day its "we met" links still work: people report late,
    /// and the follow-up on the pair stays open past the round until someone closes it.
    public static let pairMeetingGrace: TimeInterval = 28 * 86_400

    /// The page on which `person` says whether pair `pair` met, with `outcome` (`met`, `missed`)
    /// suggested; works until `pairMeetingGrace` after `roundEnds` (the end of the round's last day).
    public func pairMeeting(pair: ID<PairingRound.Group>, person: ID<Person>, roundEnds: Date, suggesting outcome: String) -> URL {
        let claims = LinkClaims(pairMeeting: pair, personID: person, expiresAt: roundEnds + Self.pairMeetingGrace)
        return url("p/\(LinkToken.sign(claims, with: keyring))?a=\(outcome)")
    }
}
