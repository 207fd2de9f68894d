import CirclesDomain
import Foundation
import LinkTokens
import Testing

@Suite("signed links: bound to meeting, person and purpose, expiring, with rotating keys")
struct LinkTokenTests {
    static let secretA = Data(repeating: 0xA5, count: 32).base64EncodedString()
    static let secretB = Data((0..<48).map { UInt8($0) }).base64EncodedString()
    let keyring = try! LinkKeyring(parsing: "1:\(LinkTokenTests.secretA)")
    let meeting = ID<Meeting>(UUID())
    let person = ID<Person>(UUID())
    let now = Date(timeIntervalSince1970: 1_900_000_000)

    func claims(_ purpose: LinkPurpose = .respond, expires: TimeInterval = 3_600) -> LinkClaims {
        LinkClaims(purpose: purpose, meetingID: purpose == .respond ? meeting : nil, personID: person, expiresAt: now + expires)
    }

    @Test("a token is 74 URL-safe characters and verifies to the claims it was made with")
    func roundTrip() throws {
        let token = LinkToken.sign(claims(), with: keyring)
        #expect(token.count == LinkToken.length && LinkToken.length == 74)
        #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let verified = try LinkToken.verify(token, purpose: .respond, keyring: keyring, now: now)
        #expect(verified.meetingID == meeting && verified.personID == person && verified.purpose == .respond)
        let unsubscribe = try LinkToken.verify(
            LinkToken.sign(claims(.unsubscribe), with: keyring), purpose: .unsubscribe, keyring: keyring, now: now)
        #expect(unsubscribe.meetingID == nil)
    }

    @Test("changing any character of a token makes it fail")
    func tampering() {
        let token = Array(LinkToken.sign(claims(), with: keyring))
        for index in token.indices {
            var changed = token
            changed[index] = changed[index] == "A" ? "B" : "A"
            #expect(throws: LinkTokenError.self) { try LinkToken.verify(String(changed), purpose: .respond, keyring: keyring, now: now) }
        }
        #expect(throws: LinkTokenError.malformed) { try LinkToken.verify(String(token.dropLast()), purpose: .respond, keyring: keyring, now: now) }
        #expect(throws: LinkTokenError.malformed) { try LinkToken.verify(String(token) + "A", purpose: .respond, keyring: keyring, now: now) }
    }

    @Test("a token made for another person's meeting cannot be assembled from two valid ones")
    func signatureCoversEverything() throws {
        let mine = Array(LinkToken.sign(claims(), with: keyring).utf8)
        let other = Array(LinkToken.sign(
            LinkClaims(purpose: .respond, meetingID: meeting, personID: ID(UUID()), expiresAt: now + 3_600), with: keyring).utf8)
        let spliced = String(decoding: other.prefix(50) + mine.suffix(24), as: UTF8.self)
        #expect(throws: LinkTokenError.badSignature) { try LinkToken.verify(spliced, purpose: .respond, keyring: keyring, now: now) }
    }

    @Test("a token made for unsubscribing is refused for answering, and the other way round")
    func wrongPurpose() {
        #expect(throws: LinkTokenError.wrongPurpose) {
            try LinkToken.verify(LinkToken.sign(claims(.unsubscribe), with: keyring), purpose: .respond, keyring: keyring, now: now)
        }
        #expect(throws: LinkTokenError.wrongPurpose) {
            try LinkToken.verify(LinkToken.sign(claims(.respond), with: keyring), purpose: .unsubscribe, keyring: keyring, now: now)
        }
    }

    @Test("a token works until its expiry and not from that second on")
    func expiry() throws {
        let token = LinkToken.sign(claims(expires: 60), with: keyring)
        _ = try LinkToken.verify(token, purpose: .respond, keyring: keyring, now: now + 59)
        #expect(throws: LinkTokenError.expired) { try LinkToken.verify(token, purpose: .respond, keyring: keyring, now: now + 60) }
    }

    @Test("after rotation the new key signs, old tokens still verify, and retiring the old key ends them")
    func rotation() throws {
        let old = LinkToken.sign(claims(), with: keyring)
        let rotated = try LinkKeyring(parsing: "2:\(Self.secretB), 1:\(Self.secretA)")
        #expect(rotated.signing.id == 2)
        let new = LinkToken.sign(claims(), with: rotated)
        _ = try LinkToken.verify(old, purpose: .respond, keyring: rotated, now: now)
        _ = try LinkToken.verify(new, purpose: .respond, keyring: rotated, now: now)
        let retired = try LinkKeyring(parsing: "2:\(Self.secretB)")
        #expect(throws: LinkTokenError.unknownKey) { try LinkToken.verify(old, purpose: .respond, keyring: retired, now: now) }
        // Same number, different secret: a forged key does not verify.
        let impostor = try LinkKeyring(parsing: "1:\(Self.secretB)")
        #expect(throws: LinkTokenError.badSignature) { try LinkToken.verify(old, purpose: .respond, keyring: impostor, now: now) }
    }

    @Test("keys are refused when short, not base64, numbered twice or out of range, without repeating the secret")
    func badKeys() {
        let short = Data(repeating: 1, count: 16).base64EncodedString()
        for (text, expected) in [
            ("1:\(short)", "at least 32 are needed"), ("1:not base64!", "is not base64"),
            ("1:\(Self.secretA),1:\(Self.secretB)", "given twice"), ("256:\(Self.secretA)", "from 0 to 255"), ("", "not ID:BASE64SECRET"),
        ] {
            let error = #expect(throws: LinkKeyError.self) { try LinkKeyring(parsing: text) }
            #expect(error?.description.contains(expected) == true, "\(text): \(error?.description ?? "")")
            #expect(error?.description.contains(Self.secretA) == false)
        }
        #expect(!String(describing: keyring).contains(Self.secretA))
        #expect(!String(describing: keyring.signing).contains(Self.secretA))
    }

    @Test("a form value is bound to its link token and survives rotation")
    func formToken() throws {
        let token = LinkToken.sign(claims(), with: keyring)
        let other = LinkToken.sign(claims(expires: 7_200), with: keyring)
        let value = FormToken.make(for: token, keyring: keyring)
        #expect(FormToken.isValid(value, for: token, keyring: keyring))
        #expect(!FormToken.isValid(value, for: other, keyring: keyring))
        #expect(!FormToken.isValid("", for: token, keyring: keyring))
        let rotated = try LinkKeyring(parsing: "2:\(Self.secretB),1:\(Self.secretA)")
        #expect(FormToken.isValid(value, for: token, keyring: rotated))
    }
}
