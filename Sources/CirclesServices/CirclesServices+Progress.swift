import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Which part of Circles a progress report covers.
    public enum ProgressScope: Sendable, Hashable {
        /// Every team (administrators only).
        case all
        /// One team, by name or id.
        case team(String)
        /// One workshop's actions, by title or id.
        case workshop(String)
    }

    /// One team's peer-support coverage, as of a day.
    public struct TeamCoverage: Sendable, Hashable, Codable {
        public let team: String
        public let asOf: CalendarDay
        public let coverage: ProgressReport.Coverage
    }

    /// The progress report as of the end of `asOf` (YYYY-MM-DD, in each team's zone), or as of
    /// `now` when nil. Administrators for `.all`; administrators and the team's leads otherwise.
    public func progressReport(
        _ scope: ProgressScope, asOf: String?, coverageWeeks: Int = 8, as actorEmail: String, now: Date = Date()
    ) async throws -> ProgressReport {
        let cutoff = try Self.progressCutoff(asOf, now: now)
        try Self.validateCoverageWeeks(coverageWeeks)
        guard scope == .all else {
            return try await read(as: actorEmail) { connection, actor in
                let storeScope = try Self.authorizeProgress(scope, actor: actor, on: connection)
                let facts = try ProgressStore.facts(storeScope, cutoff: cutoff, on: connection)
                return ProgressReport.build(from: facts, coverageWeeks: coverageWeeks)
            }
        }
        // Every team: the facts are read on two sessions at once, in one snapshot. The second is
        // opened beside the pool rather than from it: two reports each holding one pooled
        // connection while waiting for another would wait for ever.
        let helper = try await PostgresConnection.connect(pool.configuration)
        let facts: ProgressFacts
        do {
            facts = try await pool.withConnection { connection in
                try await connection.withReadOnlySnapshot { connection in
                    let actor = try Self.acting(actorEmail, action: "read", on: connection)
                    let storeScope = try Self.authorizeProgress(scope, actor: actor, on: connection)
                    return try await ProgressStore.facts(storeScope, cutoff: cutoff, on: connection, alongside: helper)
                }
            }
            await helper.close()
        } catch {
            await helper.close()
            throw error
        }
        return await Self.build(facts, coverageWeeks: coverageWeeks)
    }

    /// The report, its teams built in as many parts as there are cores: each team's figures
    /// depend on its own facts alone, and the parts are put together in report order.
    static func build(_ facts: ProgressFacts, coverageWeeks: Int) async -> ProgressReport {
        let builder = ProgressReport.Builder(facts, coverageWeeks: coverageWeeks)
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, builder.teamCount / 100))
        let bounds = (0...parts).map { $0 * builder.teamCount / parts }
        let teams = await withTaskGroup(of: (Int, [ProgressReport.TeamProgress]).self) { group in
            for part in 0..<parts {
                group.addTask { (part, builder.teams(bounds[part]..<bounds[part + 1])) }
            }
            var built = [[ProgressReport.TeamProgress]](repeating: [], count: parts)
            for await (part, teams) in group { built[part] = teams }
            return built.flatMap { $0 }
        }
        return ProgressReport(coverageWeeks: coverageWeeks, teams: teams)
    }

    /// Peer-support coverage for a team: who attended at least one meeting in the last `weeks`
    /// weeks up to `asOf`, and who did not. Administrators and the team's leads.
    public func peerSupportCoverage(
        team teamName: String, weeks: Int = 8, asOf: String?, as actorEmail: String, now: Date = Date()
    ) async throws -> TeamCoverage {
        let cutoff = try Self.progressCutoff(asOf, now: now)
        try Self.validateCoverageWeeks(weeks)
        return try await read(as: actorEmail) { connection, actor in
            let scope = try Self.authorizeProgress(.team(teamName), actor: actor, on: connection)
            let facts = try ProgressStore.coverageFacts(scope, cutoff: cutoff, on: connection)
            guard let team = facts.teams.first else { throw ServiceError.unknownTeam(teamName) }
            return TeamCoverage(
                team: team.name, asOf: team.asOf,
                coverage: ProgressReport.coverage(members: facts.members, weeks: weeks, asOf: team.asOf))
        }
    }

    static func authorizeProgress(
        _ scope: ProgressScope, actor: Actor, on connection: isolated PostgresConnection
    ) throws -> ProgressStore.Scope {
        switch scope {
        case .all:
            try AccessPolicy.authorize(actor, .administer(what: "read the progress report of every team"))
            return ProgressStore.Scope(teamID: nil, workshopID: nil)
        case .team(let name):
            let team = try Self.team(name, on: connection)
            try AccessPolicy.authorize(actor, .read(.teamProgress(teamID: team.id, teamName: team.name)))
            return ProgressStore.Scope(teamID: team.id, workshopID: nil)
        case .workshop(let title):
            let workshop = try Self.workshop(title, on: connection)
            let team = try Self.team(workshop.teamID, on: connection)
            try AccessPolicy.authorize(actor, .read(.teamProgress(teamID: team.id, teamName: team.name)))
            return ProgressStore.Scope(teamID: team.id, workshopID: workshop.id)
        }
    }

    static func progressCutoff(_ asOf: String?, now: Date) throws -> ProgressStore.Cutoff {
        guard let asOf else { return .instant(now) }
        let text = asOf.trimmingCharacters(in: .whitespaces)
        guard let day = CalendarDay(iso: text), let date = PostgresDate(day.description) else {
            throw DomainError(
                field: "as-of", "invalid --as-of \"\(asOf)\"; expected a calendar day as YYYY-MM-DD, e.g. 2027-03-31")
        }
        return .endOfDay(date)
    }

    static func validateCoverageWeeks(_ weeks: Int) throws {
        guard (1...520).contains(weeks) else {
            throw DomainError(field: "weeks", "--weeks must be between 1 and 520 (got \(weeks))")
        }
    }
}
