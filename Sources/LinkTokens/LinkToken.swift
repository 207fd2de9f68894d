import CirclesDomain
import Crypto
import Foundation

/// Signed links: claims (purpose, meeting, person, expiry) and an HMAC-SHA-256 tag in 74 URL-safe
/// characters, so a link in a mail proves who it was made for without anything stored.
///
/// Layout (55 bytes, then base64url without padding): version 1 · key number · purpose · meeting
/// UUID (16 zero bytes for none) · person UUID · expiry (big-endian UInt32 Unix seconds) · the
/// first 16 bytes of HMAC-SHA-256(key, "circles-link" NUL · the 39 bytes before). The tag is
/// checked in constant time before anything else in the token is believed.
public enum LinkToken {
    static let version: UInt8 = 1
    static let payloadBytes = 39
    static let tagBytes = 16
    static let totalBytes = payloadBytes + tagBytes
    /// The length of every token, in characters.
    public static let length = (totalBytes * 4 + 2) / 3
    static let context = Array("circles-link\u{0}".utf8)

    /// The token for `claims`, signed with the keyring's signing key.
    public static func sign(_ claims: LinkClaims, with keyring: LinkKeyring) -> String {
        var bytes: [UInt8] = [version, keyring.signing.id, claims.purpose.rawValue]
        bytes.reserveCapacity(totalBytes)
        append(claims.meetingID?.uuid, to: &bytes)
        append(claims.personID.uuid, to: &bytes)
        let seconds = UInt32(clamping: Int64(claims.expiresAt.timeIntervalSince1970.rounded(.up).clamped(to: 0...Double(UInt32.max))))
        bytes += [UInt8(seconds >> 24), UInt8(seconds >> 16 & 0xFF), UInt8(seconds >> 8 & 0xFF), UInt8(seconds & 0xFF)]
        bytes += tag(bytes, key: keyring.signing)
        return Base64URL.encode(bytes)
    }

    /// The claims of a token made for `purpose` that has not expired at `now`; otherwise why not.
    public static func verify(
        _ token: some StringProtocol, purpose: LinkPurpose, keyring: LinkKeyring, now: Date
    ) throws(LinkTokenError) -> LinkClaims {
        guard token.utf8.count == length, let bytes = Base64URL.decode(token), bytes.count == totalBytes, bytes[0] == version else {
            throw .malformed
        }
        guard let key = keyring.key(bytes[1]) else { throw .unknownKey }
        let expected = tag(Array(bytes[0..<payloadBytes]), key: key)
        guard constantTimeEqual(expected, bytes[payloadBytes...]) else { throw .badSignature }
        guard let found = LinkPurpose(rawValue: bytes[2]), found == purpose else { throw .wrongPurpose }
        let seconds = bytes[35...38].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let expiresAt = Date(timeIntervalSince1970: TimeInterval(seconds))
        guard now < expiresAt else { throw .expired }
        let meeting = uuid(bytes[3..<19])
        return LinkClaims(
            purpose: found, meetingID: meeting == UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)) ? nil : ID(meeting),
            personID: ID(uuid(bytes[19..<35])), expiresAt: expiresAt)
    }

    static func tag(_ payload: [UInt8], key: LinkSigningKey) -> [UInt8] {
        var hmac = key.keyed
        hmac.update(data: context)
        hmac.update(data: payload)
        return Array(Array(hmac.finalize()).prefix(tagBytes))
    }

    /// Compares every byte whatever the first difference, so timing tells nothing about the tag.
    static func constantTimeEqual(_ a: [UInt8], _ b: ArraySlice<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func append(_ uuid: UUID?, to bytes: inout [UInt8]) {
        guard let uuid else {
            bytes += [UInt8](repeating: 0, count: 16)
            return
        }
        withUnsafeBytes(of: uuid.uuid) { bytes += $0 }
    }

    static func uuid(_ bytes: ArraySlice<UInt8>) -> UUID {
        var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &value) { $0.copyBytes(from: bytes) }
        return UUID(uuid: value)
    }
}

extension Double {
    fileprivate func clamped(to range: ClosedRange<Double>) -> Double { Swift.min(Swift.max(self, range.lowerBound), range.upperBound) }
}
