import CirclesDomain
import Foundation

extension LinkClaims {
    /// Claims for a "we met" / "we couldn't" link: `person`, about pair (or trio) `pair`. The pair's
    /// id travels in the token's meeting slot; the signed purpose says which kind of id it is.
    public init(pairMeeting pair: ID<PairingRound.Group>, personID: ID<Person>, expiresAt: Date) {
        self.init(purpose: .pairMeeting, meetingID: ID(pair.uuid), personID: personID, expiresAt: expiresAt)
    }

    /// The pair a `.pairMeeting` link is about (nil for any other purpose).
    public var pairID: ID<PairingRound.Group>? {
        guard purpose == .pairMeeting, let meetingID else { return nil }
        return ID(meetingID.uuid)
    }
}
