import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Recurrence

extension CirclesServices {
    /// A scheme to create, as given on the command line.
    public struct NewPairingScheme: Sendable {
        public var name: String
        public var kind: String = "buddy"
        /// Team names or ids; empty with `network` for the whole network.
        public var teams: [String]
        public var network: Bool = false
        public var rule: String
        /// DTSTART as a local date-time (`2026-12-07T12:30`): the suggested time to meet.
        public var start: String
        public var timeZone: String?
        public var crossTeams: Bool = false
        public var oddPerson: String = "trio"
        public var membership: String = "opt-in"
        public var actionID: String?
        public var blockedRounds: Int = 2

        public init(name: String, teams: [String], rule: String, start: String) {
            self.name = name
            self.teams = teams
            self.rule = rule
            self.start = start
        }
    }

    /// The most teams one scheme may name (a larger reach is the whole network).
    static let maximumSchemeTeams = 50

    /// Creates a pairing scheme. Administrators; a team lead for teams they all lead.
    public func createPairingScheme(_ new: NewPairingScheme, as actorEmail: String) async throws -> PairingScheme {
        let name = try TextRule.line("scheme name", max: 200).check(new.name)
        guard !name.isEmpty else { throw DomainError(field: "name", "a scheme name is required (--name \"…\")") }
        let kind = try PairingScheme.Kind(pairingValue: new.kind, field: "kind")
        let odd = try PairingScheme.OddPerson(pairingValue: new.oddPerson, field: "odd person")
        let membership = try PairingScheme.Membership(pairingValue: new.membership, field: "membership")
        let rule = try RecurrenceRule(parsing: new.rule)
        guard [.daily, .weekly, .monthly, .yearly].contains(rule.frequency) else {
            throw DomainError(field: "rule", "a pairing cadence must repeat daily, weekly, monthly or yearly (e.g. FREQ=WEEKLY;INTERVAL=4), not \(rule.description)")
        }
        guard let start = LocalDateTime(iso: new.start) else {
            throw DomainError(field: "start", "invalid start \"\(new.start)\"; expected the first round's local date and time, e.g. 2026-12-07T12:30")
        }
        guard (0...52).contains(new.blockedRounds) else {
            throw DomainError(field: "blocked rounds", "--blocked-rounds \(new.blockedRounds) is out of range; expected 0 to 52")
        }
        guard new.network == new.teams.isEmpty else {
            throw DomainError(field: "teams", new.network
                ? "a whole-network scheme names no teams; drop --team or --network"
                : "name the scheme's team with --team (repeat it for several teams), or pass --network for the whole network")
        }
        guard new.teams.count <= Self.maximumSchemeTeams else {
            throw DomainError(field: "teams", "\(new.teams.count) teams named; a scheme may name at most \(Self.maximumSchemeTeams) (use --network beyond that)")
        }
        let actionID: ID<ActionItem>? = try new.actionID.map { try Self.parsed($0, "action item") }
        return try await perform(as: actorEmail, action: "pairs.scheme.create") { connection, actor in
            let teams = try new.teams.map { try Self.team($0, on: connection) }
            guard Set(teams.map(\.id)).count == teams.count else {
                throw DomainError(field: "teams", "a team is named twice; name each team once")
            }
            try AccessPolicy.authorizeScheme(actor, teams: teams.map { ($0.id, $0.name) }, what: "create pairing schemes")
            if let actionID {
                guard try WorkshopStore.findAction(id: actionID, on: connection) != nil else {
                    throw ServiceError(.notFound, "no action item with id \(actionID); `circles action list --workshop …` shows them")
                }
            }
            if try PairingStore.find(name: name, on: connection) != nil {
                throw ServiceError(.conflict, "a pairing scheme named \"\(name)\" already exists; choose another name")
            }
            let zone = try TimeZoneName.validate(new.timeZone ?? teams.first?.timeZone ?? "Europe/London")
            let draft = PairingScheme(
                id: "", name: name, kind: kind, scope: new.network ? .network : teams.count == 1 ? .team : .teams,
                rule: rule.description, firstLocalStart: start.description, timeZone: zone, oddPerson: odd, crossTeams: new.crossTeams,
                actionItemID: actionID?.description, membership: membership, blockedRounds: new.blockedRounds, teamIDs: [], teamNames: [])
            _ = try Self.recurrence(of: draft)
            return try PairingStore.insert(
                draft, teamIDs: try teams.map { try Self.stored($0.id) }, createdBy: try Self.stored(actor.personID), on: connection)
        }
    }

    /// The schemes the reader may see, by name.
    public func listPairingSchemes(as actorEmail: String) async throws -> [PairingScheme] {
        try await read(as: actorEmail) { connection, actor in
            try PairingStore.list(on: connection).filter { scheme in
                (try? AccessPolicy.authorizeSchemeRead(actor, teams: Self.teams(of: scheme), schemeName: scheme.name)) != nil
            }
        }
    }

    /// A scheme with its rounds and (mentoring) pairs.
    public struct PairingSchemeDetails: Sendable {
        public let scheme: PairingScheme
        public let rounds: [(id: String, number: Int, startsAt: Date, groups: Int, met: Int)]
        public let mentoring: [MentoringPair]
    }

    /// One scheme, its rounds and its mentoring pairs.
    public func showPairingScheme(_ nameOrID: String, as actorEmail: String) async throws -> PairingSchemeDetails {
        try await read(as: actorEmail) { connection, actor in
            let scheme = try Self.pairingScheme(nameOrID, on: connection)
            try AccessPolicy.authorizeSchemeRead(actor, teams: Self.teams(of: scheme), schemeName: scheme.name)
            let id: ID<PairingScheme> = try Self.stored(scheme.id)
            return PairingSchemeDetails(
                scheme: scheme, rounds: try PairingRoundStore.rounds(schemeID: id, on: connection),
                mentoring: try MentoringStore.list(schemeID: id, on: connection))
        }
    }

    /// What a person does with their membership of a scheme.
    public enum PairingMembershipChange: Sendable {
        case join(startedOn: String?)
        case leave
        case pause(until: String)
    }

    /// Joins, leaves or pauses a scheme: the person themselves (`personEmail` nil), or for someone
    /// else an administrator or a lead of the scheme's teams.
    public func changePairingMembership(
        scheme nameOrID: String, _ change: PairingMembershipChange, personEmail: String? = nil, as actorEmail: String,
        now: Date = Date()
    ) async throws -> String {
        let started = try { () throws -> PostgresDate? in
            if case .join(let day?) = change { return try Self.parseDate(day, field: "start date") }
            return nil
        }()
        let until = try { () throws -> PostgresDate? in
            if case .pause(let day) = change { return try Self.parseDate(day, field: "pause end") }
            return nil
        }()
        let action: String
        switch change {
        case .join: action = "pairs.join"
        case .leave: action = "pairs.leave"
        case .pause: action = "pairs.pause"
        }
        return try await perform(as: actorEmail, action: action) { connection, actor in
            let scheme = try Self.pairingScheme(nameOrID, on: connection)
            let person = try personEmail.map { try Self.activePerson($0, role: "member", on: connection) }
                ?? PeopleStore.find(id: try Self.stored(actor.personID), on: connection)
            guard let person else { throw ServiceError.unknownPerson(actorEmail) }
            try AccessPolicy.authorizeMembership(actor, personID: person.id, email: person.email, teams: Self.teams(of: scheme))
            let teams = try Self.teamIDs(of: person.id, on: connection)
            guard scheme.scope == .network ? !teams.isEmpty : !Set(scheme.teamIDs).isDisjoint(with: teams) else {
                throw ServiceError(
                    .invalid, "\(person.email) is not in \(scheme.scope == .network ? "any team" : "the teams of scheme \"\(scheme.name)\" (\(scheme.teamNames.joined(separator: ", ")))"); only their members can take part")
            }
            let status: String
            switch change {
            case .join: status = "joined"
            case .leave: status = "left"
            case .pause:
                status = "paused"
                if let until, until < Self.localDate(now, zone: scheme.timeZone) {
                    throw DomainError(field: "pause end", "--until \(until) is in the past; give the last day of the pause, today or later")
                }
            }
            try PairingStore.setMembership(
                schemeID: try Self.stored(scheme.id), personID: try Self.stored(person.id), status: status, pausedUntil: until,
                startedOn: started, on: connection)
            switch change {
            case .join: return "\(person.displayName) takes part in \"\(scheme.name)\""
            case .leave: return "\(person.displayName) left \"\(scheme.name)\""
            case .pause: return "\(person.displayName) is paused in \"\(scheme.name)\" until \(until?.description ?? "")"
            }
        }
    }

    /// A person's "please don't pair me with" list: only they and administrators may read it.
    public func pairingExclusions(of ownerEmail: String?, as actorEmail: String) async throws -> [(id: String, name: String, email: String)] {
        try await read(as: actorEmail) { connection, actor in
            let owner = try Self.owner(ownerEmail, actor: actor, on: connection)
            try AccessPolicy.authorizeExclusions(actor, ownerID: owner.id, ownerEmail: owner.email)
            return try PairingStore.exclusions(of: try Self.stored(owner.id), on: connection)
        }
    }

    /// Adds someone to (or removes them from) a person's own list. Returns whether it changed.
    public func setPairingExclusion(
        of ownerEmail: String?, excluding otherEmail: String, remove: Bool, as actorEmail: String
    ) async throws -> Bool {
        try await perform(as: actorEmail, action: remove ? "pairs.exclusion.remove" : "pairs.exclusion.add") { connection, actor in
            let owner = try Self.owner(ownerEmail, actor: actor, on: connection)
            try AccessPolicy.authorizeExclusions(actor, ownerID: owner.id, ownerEmail: owner.email)
            guard let other = try PeopleStore.find(email: try EmailAddress(otherEmail).value, on: connection) else {
                throw ServiceError.unknownPerson(otherEmail)
            }
            guard other.id != owner.id else {
                throw DomainError(field: "person", "\(owner.email) cannot exclude themselves; name someone else")
            }
            return try PairingStore.setExclusion(owner: try Self.stored(owner.id), excluded: try Self.stored(other.id), remove: remove, on: connection)
        }
    }

    /// Forbids two people to be paired in any scheme (or allows it again). Administrators only.
    public func forbidPair(_ firstEmail: String, _ secondEmail: String, remove: Bool, as actorEmail: String) async throws -> Bool {
        try await perform(as: actorEmail, action: remove ? "pairs.forbid.remove" : "pairs.forbid") { connection, actor in
            try AccessPolicy.authorizeForbiddingPairs(actor)
            let people = try [firstEmail, secondEmail].map { email in
                guard let person = try PeopleStore.find(email: try EmailAddress(email).value, on: connection) else {
                    throw ServiceError.unknownPerson(email)
                }
                return person
            }
            guard people[0].id != people[1].id else {
                throw DomainError(field: "person", "a pair needs two different people; \(firstEmail) was named twice")
            }
            return try PairingStore.setForbidden(
                try Self.stored(people[0].id), try Self.stored(people[1].id), remove: remove, by: try Self.stored(actor.personID),
                on: connection)
        }
    }

    // MARK: - Helpers

    static func owner(_ email: String?, actor: Actor, on connection: isolated PostgresConnection) throws -> Person {
        if let email {
            guard let person = try PeopleStore.find(email: try EmailAddress(email).value, on: connection) else {
                throw ServiceError.unknownPerson(email)
            }
            return person
        }
        guard let person = try PeopleStore.find(id: try Self.stored(actor.personID), on: connection) else {
            throw ServiceError.unknownPerson(actor.email)
        }
        return person
    }

    static func pairingScheme(_ nameOrID: String, on connection: isolated PostgresConnection) throws -> PairingScheme {
        if let id = ID<PairingScheme>(nameOrID), let scheme = try PairingStore.find(id: id, on: connection) { return scheme }
        if let prefix = IDPrefix<PairingScheme>(nameOrID), nameOrID.count >= IDPrefix<PairingScheme>.minimumDigits,
            try PairingStore.find(name: nameOrID, on: connection) == nil,
            let id = try? Self.resolve(prefix, on: connection), let scheme = try PairingStore.find(id: id, on: connection)
        {
            return scheme
        }
        guard let scheme = try PairingStore.find(name: nameOrID, on: connection) else {
            throw ServiceError(.notFound, "no pairing scheme \"\(nameOrID)\"; `circles pairs scheme list` shows them")
        }
        return scheme
    }

    static func teams(of scheme: PairingScheme) -> AccessPolicy.SchemeTeams {
        zip(scheme.teamIDs, scheme.teamNames).map { (id: $0, name: $1) }
    }

    static func teamIDs(of personID: String, on connection: isolated PostgresConnection) throws -> Set<String> {
        guard let person = try PeopleStore.find(id: try Self.stored(personID), on: connection) else {
            throw ServiceError(.notFound, "no person with id \(personID)")
        }
        return Set(try PeopleStore.actor(for: person, on: connection).roles.keys)
    }

    /// The scheme's cadence as a recurrence set: round N starts at its N-th instance.
    static func recurrence(of scheme: PairingScheme) throws -> RecurrenceSet {
        guard let start = LocalDateTime(iso: scheme.firstLocalStart) else {
            throw DomainError(field: "start", "the scheme's start \"\(scheme.firstLocalStart)\" is not a local date-time")
        }
        return try RecurrenceSet(start: start, timeReference: .zone(scheme.timeZone), rule: try RecurrenceRule(parsing: scheme.rule))
    }
}
