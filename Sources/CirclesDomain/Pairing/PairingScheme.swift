import Foundation

/// A pairing scheme: who is paired (a team, several teams or the whole network), how often, and
/// for which workshop action. Buddy schemes pair peers each round; mentoring schemes pair new
/// starters with mentors until the pair is ended.
public struct PairingScheme: Sendable, Hashable, Codable {
    /// Buddy rounds or mentoring.
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case buddy, mentoring
    }

    /// Where its members come from.
    public enum Scope: String, Sendable, Hashable, Codable, CaseIterable {
        case team, teams, network
    }

    /// Whether people are in it until they leave (opt-out) or only once they join (opt-in).
    public enum Membership: String, Sendable, Hashable, Codable, CaseIterable {
        case optIn = "opt_in"
        case optOut = "opt_out"

        /// The command-line spelling: `opt-in`, `opt-out`.
        public var name: String { rawValue.replacingOccurrences(of: "_", with: "-") }
    }

    /// What a round does with the person an odd count leaves over.
    public enum OddPerson: String, Sendable, Hashable, Codable, CaseIterable {
        /// They join the pair that makes the cheapest trio.
        case trio
        /// They sit this round out (and wait with a bonus next time).
        case sitOut = "sit_out"
    }

    public let id: String
    public var name: String
    public var kind: Kind
    public var scope: Scope
    /// The RRULE value (`FREQ=WEEKLY;INTERVAL=4`): round N starts at its N-th instance.
    public var rule: String
    /// DTSTART, local wall-clock time in `timeZone` (`2026-12-07T12:30:00`).
    public var firstLocalStart: String
    public var timeZone: String
    public var oddPerson: OddPerson
    /// Whether the two in a pair must be from different teams.
    public var crossTeams: Bool
    /// The workshop action it serves, if any.
    public var actionItemID: String?
    public var membership: Membership
    /// A pair grouped this many rounds ago or fewer is not offered again.
    public var blockedRounds: Int
    /// The teams it draws from (none for the network).
    public var teamIDs: [String]
    /// Those teams' names, in the same order.
    public var teamNames: [String]

    /// Creates a scheme value.
    public init(
        id: String, name: String, kind: Kind, scope: Scope, rule: String, firstLocalStart: String, timeZone: String,
        oddPerson: OddPerson, crossTeams: Bool, actionItemID: String?, membership: Membership, blockedRounds: Int,
        teamIDs: [String], teamNames: [String]
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.scope = scope
        self.rule = rule
        self.firstLocalStart = firstLocalStart
        self.timeZone = timeZone
        self.oddPerson = oddPerson
        self.crossTeams = crossTeams
        self.actionItemID = actionItemID
        self.membership = membership
        self.blockedRounds = blockedRounds
        self.teamIDs = teamIDs
        self.teamNames = teamNames
    }
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Parses a command-line value (hyphens or underscores, any case), naming the accepted ones.
    public init(pairingValue text: String, field: String) throws(DomainError) {
        let key = text.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let value = Self.allCases.first(where: { $0.rawValue == key }) else {
            let accepted = Self.allCases.map { $0.rawValue.replacingOccurrences(of: "_", with: "-") }.joined(separator: ", ")
            throw DomainError(field: field, "unknown \(field) \"\(text)\"; expected one of \(accepted)")
        }
        self = value
    }
}
