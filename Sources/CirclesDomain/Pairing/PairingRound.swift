import Foundation

/// One matching run of a scheme and the groups it formed.
public struct PairingRound: Sendable, Hashable, Codable {
    /// A pair or trio in the round.
    public struct Group: Sendable, Hashable, Codable {
        /// One person in a group, as the round shows them.
        public struct Member: Sendable, Hashable, Codable {
            public let personID: String
            public let name: String
            /// Their team in the scheme when grouped (nil when they have none there any more).
            public let teamName: String?

            /// Creates a member value.
            public init(personID: String, name: String, teamName: String?) {
                self.personID = personID
                self.name = name
                self.teamName = teamName
            }
        }

        public let id: String
        public let members: [Member]
        /// Whether they met: nil until someone records it.
        public let met: Bool?
        /// The follow-up on the pair, due at the end of the round.
        public let followUpID: String?

        /// Creates a group value.
        public init(id: String, members: [Member], met: Bool?, followUpID: String?) {
            self.id = id
            self.members = members
            self.met = met
            self.followUpID = followUpID
        }
    }

    public let id: String
    public let schemeID: String
    public let schemeName: String
    public let number: Int
    public let seed: Int64
    /// The suggested time to meet: the scheme's rule instance for this round.
    public let startsAt: Date
    /// `YYYY-MM-DD`: the last day of the round, when the pairs' follow-ups are due.
    public let endsOn: String
    public let groups: [Group]
    /// Members who were in the round but in no group (nobody could be offered to them).
    public let unpaired: [Group.Member]

    /// Creates a round value.
    public init(
        id: String, schemeID: String, schemeName: String, number: Int, seed: Int64, startsAt: Date, endsOn: String,
        groups: [Group], unpaired: [Group.Member]
    ) {
        self.id = id
        self.schemeID = schemeID
        self.schemeName = schemeName
        self.number = number
        self.seed = seed
        self.startsAt = startsAt
        self.endsOn = endsOn
        self.groups = groups
        self.unpaired = unpaired
    }
}
