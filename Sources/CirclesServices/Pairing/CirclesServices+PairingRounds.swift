import CirclesDomain
import CirclesStore
import Foundation
import Matching
import Postgres
import Recurrence

extension CirclesServices {
    /// The most people one round may match (the dense graph has n² edges).
    public static let maximumRoundMembers = 2_000

    /// Runs the next round of a scheme: matches its members (buddy) or waiting mentees with
    /// mentors (mentoring), stores the groups, adds a follow-up on each group due at the end of
    /// the round, and queues an introduction to each member. The same seed and history give the
    /// same groups; without a seed, one is derived from the scheme and the round's number.
    /// Administrators; leads of every team of the scheme.
    public func runPairingRound(_ nameOrID: String, seed: UInt64? = nil, as actorEmail: String, now: Date = Date()) async throws -> PairingRound {
        let roundID = try await perform(as: actorEmail, action: "pairs.round.run") { connection, actor in
            let scheme = try Self.pairingScheme(nameOrID, on: connection)
            try AccessPolicy.authorizeScheme(actor, teams: Self.teams(of: scheme), what: "run pairing rounds")
            let schemeID: ID<PairingScheme> = try Self.stored(scheme.id)
            // One round at a time per scheme: a second run waits, then numbers after the first.
            try connection.execute("SELECT 1 FROM pairing_schemes WHERE id = \(schemeID) FOR UPDATE")
            let number = try PairingRoundStore.lastNumber(schemeID: schemeID, on: connection) + 1
            let instances = try Self.recurrence(of: scheme).first(number + 1)
            guard instances.count >= number else {
                throw ServiceError(
                    .invalid, "scheme \"\(scheme.name)\" has no round \(number): its cadence \(scheme.rule) ends after \(instances.count) rounds")
            }
            let startsAt = instances[number - 1].date
            let endsOn = instances.count > number
                ? Self.localDate(instances[number].date.addingTimeInterval(-86_400), zone: scheme.timeZone)
                : Self.localDate(startsAt.addingTimeInterval(27 * 86_400), zone: scheme.timeZone)
            let day = Self.localDate(startsAt, zone: scheme.timeZone)
            let roundSeed = seed ?? MentoringRoundPlanner.hash(PersonPair(scheme.id, String(number)), seed: 0x5EED)
            let candidates = try PairingStore.candidates(scheme: scheme, day: day, on: connection)
            guard candidates.count <= Self.maximumRoundMembers else {
                throw ServiceError(
                    .invalid, "scheme \"\(scheme.name)\" has \(candidates.count) members taking part; one round matches at most \(Self.maximumRoundMembers)")
            }
            let exclusions = Set(try PairingStore.hardExclusions(among: candidates.map(\.personID), on: connection).map { PersonPair($0.0, $0.1) })
            let teamOf = Dictionary(candidates.map { ($0.personID, $0.teamIDs.first) }, uniquingKeysWith: { first, _ in first })
            let mentors = try MentoringStore.mentors(schemeID: schemeID, on: connection)
            var groups: [[String]]
            var satOut: [String]
            var mentorships: [(mentor: String, mentee: String)] = []
            switch scheme.kind {
            case .buddy:
                let plan = try PairingRoundPlanner(
                    round: number,
                    members: candidates.map { .init(id: $0.personID, teamIDs: $0.teamIDs, joinedRound: $0.joinedRound) },
                    history: try PairingRoundStore.history(schemeID: schemeID, on: connection).map { PastGroup(members: $0.members, round: $0.round) },
                    exclusions: exclusions, crossTeams: scheme.crossTeams, trios: scheme.oddPerson == .trio,
                    blockedRounds: scheme.blockedRounds, seed: roundSeed
                ).plan()
                groups = plan.groups
                satOut = plan.satOut
            case .mentoring:
                let mentorIDs = Set(mentors.map(\.personID))
                let taken = try MentoringStore.menteesWithMentor(on: connection)
                let waiting = candidates.filter { !mentorIDs.contains($0.personID) && !taken.contains($0.personID) }
                mentorships = try MentoringRoundPlanner(
                    mentors: mentors.map { .init(id: $0.personID, teamIDs: $0.teamIDs, places: max(0, $0.capacity - $0.active)) },
                    mentees: waiting.map { mentee in
                        .init(id: mentee.personID, teamIDs: mentee.teamIDs, daysSinceStart: Self.days(from: mentee.startedOn, to: day))
                    },
                    exclusions: exclusions,
                    pastPairs: Set(try MentoringStore.pastPairs(schemeID: schemeID, on: connection).map { PersonPair($0.0, $0.1) }),
                    crossTeams: scheme.crossTeams, seed: roundSeed
                ).plan()
                groups = mentorships.map { [$0.mentor, $0.mentee] }
                let placed = Set(mentorships.map(\.mentee))
                satOut = waiting.map(\.personID).filter { !placed.contains($0) }
            }
            // A mentor who is not in the scheme's teams counts for their own first team.
            let teamOfMentor = Dictionary(mentors.map { ($0.personID, $0.teamIDs.first) }, uniquingKeysWith: { first, _ in first })
            let stored = try PairingRoundStore.insert(
                schemeID: schemeID, number: number, seed: Int64(bitPattern: roundSeed), startsAt: startsAt, endsOn: endsOn,
                satOut: satOut,
                groups: groups.map { group in .init(members: group.map { ($0, (teamOf[$0] ?? teamOfMentor[$0]) ?? nil) }) },
                createdBy: try Self.stored(actor.personID), on: connection)
            var introductions: [PlannedReminder] = []
            let actionID: ID<ActionItem>? = try scheme.actionItemID.map { try Self.stored($0) }
            let title = String("Meet your \(scheme.kind == .mentoring ? "mentoring" : "peer") pair from \"\(scheme.name)\", round \(number)".prefix(300))
            for (index, groupID) in stored.groups.enumerated() {
                let members = groups[index]
                if scheme.kind == .mentoring {
                    try MentoringStore.insert(
                        schemeID: schemeID, mentorID: mentorships[index].mentor, menteeID: mentorships[index].mentee, groupID: groupID,
                        on: connection)
                }
                let followUp = try PairingRoundStore.insertFollowUp(
                    title: title, ownerID: try Self.stored(members[0]), dueOn: endsOn, groupID: groupID, actionID: actionID, on: connection)
                try PairingRoundStore.setFollowUp(groupID: groupID, followUpID: followUp, on: connection)
                for member in members {
                    introductions.append(PlannedReminder(
                        idempotencyKey: .pairIntroduction(groupID: groupID.description, personID: member), kind: .pairIntroduction,
                        recipientID: member, followUpID: followUp.description, dueAt: now))
                }
            }
            try OutboxStore.enqueue(introductions, on: connection)
            return stored.round
        }
        return try await showPairingRound(roundID.description, as: actorEmail)
    }

    /// A round and its groups. Anyone who may see the scheme.
    public func showPairingRound(_ roundID: String, as actorEmail: String) async throws -> PairingRound {
        let id: ID<PairingRound> = try Self.parsed(roundID, "pairing round")
        return try await read(as: actorEmail) { connection, actor in
            guard let round = try PairingRoundStore.find(id: id, on: connection) else {
                throw ServiceError(.notFound, "no pairing round with id \(roundID); `circles pairs scheme show SCHEME` lists its rounds")
            }
            let scheme = try Self.pairingScheme(round.schemeID, on: connection)
            try AccessPolicy.authorizeSchemeRead(actor, teams: Self.teams(of: scheme), schemeName: scheme.name)
            return round
        }
    }

    /// Records whether a pair or trio met, and closes the follow-up on it (done when they met,
    /// dropped when they could not). Its members, and whoever may run the scheme.
    public func recordPairMeeting(_ groupID: String, met: Bool, as actorEmail: String) async throws -> String {
        let id: ID<PairingRound.Group> = try Self.parsed(groupID, "pair")
        return try await perform(as: actorEmail, action: met ? "pairs.met" : "pairs.missed") { connection, actor in
            guard let group = try PairingRoundStore.group(id: id, on: connection) else {
                throw ServiceError(.notFound, "no pair with id \(groupID); `circles pairs round show ROUND` lists a round's pairs")
            }
            guard let scheme = try PairingStore.find(id: group.schemeID, on: connection) else {
                throw ServiceError(.notFound, "the scheme of pair \(groupID) no longer exists")
            }
            if !group.memberIDs.contains(actor.personID) {
                do {
                    try AccessPolicy.authorizeScheme(actor, teams: Self.teams(of: scheme), what: "record whether a pair met")
                } catch {
                    throw AccessDenied(
                        "only the pair themselves, an administrator or a lead of the scheme's teams may record whether they met; \(actor.email) is none of these")
                }
            }
            try Self.applyPairMeeting(groupID: id, followUpID: group.followUpID, met: met, on: connection)
            return met ? "recorded that the pair met" : "recorded that the pair could not meet"
        }
    }

    /// Stores whether pair `groupID` met and closes its open follow-up (done, or dropped when they
    /// could not): the one place `circles pairs met|missed` and circles-web's pair links write it.
    static func applyPairMeeting(
        groupID: ID<PairingRound.Group>, followUpID: String?, met: Bool, on connection: isolated PostgresConnection
    ) throws {
        try PairingRoundStore.setMet(groupID: groupID, met: met, on: connection)
        if let text = followUpID {
            let followUpID: ID<FollowUp> = try Self.stored(text)
            if let followUp = try FollowUpStore.find(id: followUpID, on: connection), followUp.status == .open {
                try FollowUpStore.close(
                    id: followUpID, status: met ? .done : .dropped, reason: met ? nil : "the pair could not meet", on: connection)
            }
        }
    }

    /// Whole days from `start` (`YYYY-MM-DD`) to `day`.
    static func days(from start: String, to day: PostgresDate) -> Int {
        guard let from = PostgresDate(start) else { return Int.max }
        func julian(_ d: PostgresDate) -> Int {
            // Days since a fixed epoch (the proleptic Gregorian calendar), enough for differences.
            let a = (14 - d.month) / 12, y = d.year + 4800 - a, m = d.month + 12 * a - 3
            return d.day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
        }
        return julian(day) - julian(from)
    }
}
