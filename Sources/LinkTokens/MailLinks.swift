import CirclesDomain
import Foundation

/// The signed links a mail carries, under circles-web's public address: `/r/<token>?a=accepted`
/// (and `?a=declined`) to answer a meeting, `/u/<token>` to stop reminders (List-Unsubscribe).
public struct MailLinks: Sendable {
    /// circles-web's public address, e.g. `https://council.example/circles`.
    public let publicURL: URL
    /// The keys; the signing one signs.
    public let keyring: LinkKeyring
    /// How long an unsubscribe link works (mail is read late; RFC 8058 asks only that it work).
    public var unsubscribeLifetime: TimeInterval = 180 * 86_400

    /// Links under `publicURL` signed with `keyring`.
    public init(publicURL: URL, keyring: LinkKeyring) {
        self.publicURL = publicURL
        self.keyring = keyring
    }

    /// The page answering `meeting` for `person`, with `answer` suggested; works until the meeting ends.
    public func respond(meeting: ID<Meeting>, person: ID<Person>, meetingEnds: Date, suggesting answer: String) -> URL {
        let token = LinkToken.sign(.init(purpose: .respond, meetingID: meeting, personID: person, expiresAt: meetingEnds), with: keyring)
        return url("r/\(token)?a=\(answer)")
    }

    /// The page (and RFC 8058 one-click target) that stops `person`'s reminders.
    public func unsubscribe(person: ID<Person>, now: Date) -> URL {
        let token = LinkToken.sign(
            .init(purpose: .unsubscribe, meetingID: nil, personID: person, expiresAt: now + unsubscribeLifetime), with: keyring)
        return url("u/\(token)")
    }

    func url(_ tail: String) -> URL {
        var base = publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        // safe: the base was a valid URL and the tail is base64url and ASCII query text.
        return URL(string: "\(base)/\(tail)") ?? publicURL
    }
}
