import Foundation

/// What the receiving server said of a message's authenticity (RFC 8601 `Authentication-Results`):
/// the topmost header only, the one the receiving server added (lower ones came with the message).
public struct AuthenticationResults: Sendable, Hashable {
    /// The server that wrote it (authserv-id).
    public var server: String
    /// Result by method, lowercased: `dkim` → `pass`, `spf` → `fail`, `dmarc` → `pass`, …
    public var results: [String: String]
    /// The header as received, trimmed to 1,000 characters, for the record.
    public var raw: String

    /// Reads the header's value; nil when it is empty.
    public init?(header: String) {
        let pieces = header.split(separator: ";").map { $0.trimmingSpaces() }
        guard let first = pieces.first, !first.isEmpty else { return nil }
        // The authserv-id: the first word (space, tab or folded line after it), quotes removed.
        let id = first.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }).first.map(String.init) ?? first
        server = id.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        var results: [String: String] = [:]
        for piece in pieces.dropFirst() {
            // `dkim=pass (good signature) header.d=example.org`: the method and its result come first.
            guard let word = piece.split(separator: " ").first, let equals = word.firstIndex(of: "=") else { continue }
            let method = word[..<equals].lowercased()
            let result = word[word.index(after: equals)...].lowercased()
            // The first verdict of a method stands (several DKIM signatures: any pass counts).
            if results[method] == nil || result == "pass" { results[method] = result }
        }
        self.results = results
        raw = String(header.prefix(1_000))
    }

    /// Whether `method` passed.
    public func passed(_ method: String) -> Bool { results[method] == "pass" }
}

/// Which authentication results a reply needs before it is believed (`mail.replies.authentication`).
public enum AuthenticationPolicy: String, Sendable, Hashable, CaseIterable {
    /// Record the results; believe every reply whose token matches (the default).
    case record
    /// DKIM must pass.
    case dkim
    /// SPF must pass.
    case spf
    /// DKIM or SPF must pass.
    case dkimOrSPF = "dkim-or-spf"
    /// DMARC must pass.
    case dmarc

    /// Why `results` do not satisfy the policy, or nil when they do.
    public func refusal(_ results: AuthenticationResults?) -> String? {
        let needed: [String]
        switch self {
        case .record: return nil
        case .dkim: needed = ["dkim"]
        case .spf: needed = ["spf"]
        case .dkimOrSPF: needed = ["dkim", "spf"]
        case .dmarc: needed = ["dmarc"]
        }
        guard let results else { return "no Authentication-Results header; the policy needs \(needed.joined(separator: " or ")) to pass" }
        if needed.contains(where: results.passed) { return nil }
        let seen = needed.map { "\($0)=\(results.results[$0] ?? "none")" }.joined(separator: ", ")
        return "Authentication-Results from \(results.server) say \(seen); the policy needs \(needed.joined(separator: " or ")) to pass"
    }
}
