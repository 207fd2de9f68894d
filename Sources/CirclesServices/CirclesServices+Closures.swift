import CirclesDomain
import CirclesStore
import Foundation
import Postgres
import Recurrence

extension CirclesServices {
    /// What a closure change did: to the calendar, and to the meetings of the teams following it.
    public struct ClosureChange: Sendable, Hashable, Codable {
        /// The calendar's name.
        public let calendar: String
        /// Closures added, changed (same key, other days or reason), removed and left as they were.
        public var added = 0, changed = 0, removed = 0, unchanged = 0
        /// Meetings moved, cancelled or skipped, and brought back, because of the change.
        public var meetings = ClosureEffect()
    }

    /// What applying closures did to meetings.
    public struct ClosureEffect: Sendable, Hashable, Codable {
        /// Meetings moved to another day (or back to their own).
        public var moved = 0
        /// Meetings cancelled because their day closed (people who were told get a cancellation).
        public var cancelled = 0
        /// Planned instances now skipped (never a meeting).
        public var skipped = 0
        /// Meetings brought back because their day opened again.
        public var restored = 0
    }

    /// A closure as listed: which calendar it is in.
    public struct ClosureEntry: Sendable, Hashable, Codable {
        public let calendar: ClosureCalendar
        public let closure: Closure
    }

    /// Where an import's closures come from.
    public enum ClosureFileFormat: Sendable {
        /// gov.uk's `bank-holidays.json`, one division (nil: the only one in the file).
        case govUKJSON(division: BankHolidayDivision?)
        /// An iCalendar file.
        case icalendar
    }

    /// Imports a closure calendar from gov.uk's `bank-holidays.json` or an iCalendar file, creating
    /// the calendar if it is new (shared, or `team`'s own). A re-import changes only what changed:
    /// closures are matched by their key (gov.uk division and date; iCalendar UID and instance).
    /// All or nothing: a bad entry refuses the whole file, each problem named with where it is.
    /// Meetings of the teams following the calendar follow in the same transaction.
    public func importClosures(
        from data: Data, format: ClosureFileFormat, fileName: String, calendar name: String, team teamName: String? = nil,
        as actorEmail: String, now: Date = Date()
    ) async throws -> ClosureChange {
        guard data.count <= ClosureImportLimits.maxBytes else {
            throw ImportError(
                .tooLarge, fileName: fileName,
                summary: "\(fileName) has \(data.count) bytes; a closure import may have at most \(ClosureImportLimits.maxBytes) bytes (4 MiB); nothing was imported")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw ImportError(.notUTF8, fileName: fileName, summary: "\(fileName) is not UTF-8 text; nothing was imported")
        }
        let calendarName = try Self.validateCalendarName(name)
        let imported: [ImportedClosure]
        let source: ClosureCalendar.Source
        let detail: String
        switch format {
        case .govUKJSON(let division):
            imported = try GovUKBankHolidays.read(data, division: division, fileName: fileName)
            source = .govUKJSON
            detail = imported.first.map { String($0.key.prefix { $0 != ":" }) } ?? division?.rawValue ?? ""
        case .icalendar:
            imported = try ICalendarClosures(now: now).read(data, fileName: fileName)
            source = .icalendar
            detail = String(try TextRule.reason.check(fileName).prefix(200))
        }
        guard !imported.isEmpty else {
            throw ImportError(.empty, fileName: fileName, summary: "\(fileName) holds no closures; nothing was imported")
        }
        let horizon = self.horizon
        return try await perform(as: actorEmail, action: "closures.import") { connection, actor in
            let calendar = try Self.calendarToManage(calendarName, team: teamName, source: source, detail: detail, actor: actor, on: connection)
            let calendarID: ID<ClosureCalendar> = try Self.stored(calendar.id)
            try ClosureStore.setSource(calendarID: calendarID, source, detail: detail.isEmpty ? nil : detail, on: connection)
            var existing: [String: Closure] = [:]
            var manual: [Closure] = []
            for closure in try ClosureStore.closures(calendarID: calendarID, on: connection) {
                if let key = closure.sourceKey { existing[key] = closure } else { manual.append(closure) }
            }
            var change = ClosureChange(calendar: calendar.name)
            var toInsert: [Closure] = [], toUpdate: [Closure] = []
            for entry in imported {
                if var known = existing.removeValue(forKey: entry.key) {
                    if known.span == entry.span && known.reason == entry.reason {
                        change.unchanged += 1
                    } else {
                        known.span = entry.span
                        known.reason = entry.reason
                        toUpdate.append(known)
                        change.changed += 1
                    }
                } else {
                    toInsert.append(Closure(id: "", calendarID: calendar.id, span: entry.span, reason: entry.reason, sourceKey: entry.key))
                    change.added += 1
                }
            }
            change.removed = existing.count
            try ClosureStore.insert(toInsert, calendarID: calendarID, on: connection)
            try ClosureStore.update(toUpdate, on: connection)
            try ClosureStore.delete(ids: existing.values.map(\.id), on: connection)
            if change.added + change.changed + change.removed > 0 {
                change.meetings = try Self.applyClosures(calendarID: calendarID, now: now, horizon: horizon, on: connection)
            }
            return change
        }
    }

    /// Adds one closure — whole days `first` through `last`, or a timed one — to a calendar,
    /// creating the calendar if it is new; meetings of the teams following it move or are cancelled.
    public func addClosure(
        calendar name: String, span: Closure.Span, reason: String, team teamName: String? = nil, as actorEmail: String, now: Date = Date()
    ) async throws -> (Closure, ClosureChange) {
        let calendarName = try Self.validateCalendarName(name)
        let reason = try TextRule.reason.check(reason)
        guard !reason.isEmpty else { throw DomainError(field: "reason", "a closure needs a reason (--reason \"Christmas closure\")") }
        try Self.validate(span)
        let horizon = self.horizon
        return try await perform(as: actorEmail, action: "closures.add") { connection, actor in
            let calendar = try Self.calendarToManage(calendarName, team: teamName, source: .manual, detail: nil, actor: actor, on: connection)
            let calendarID: ID<ClosureCalendar> = try Self.stored(calendar.id)
            let stored = try ClosureStore.insert(
                [Closure(id: "", calendarID: calendar.id, span: span, reason: reason, sourceKey: nil)], calendarID: calendarID, on: connection)[0]
            var change = ClosureChange(calendar: calendar.name, added: 1)
            change.meetings = try Self.applyClosures(calendarID: calendarID, now: now, horizon: horizon, on: connection)
            return (stored, change)
        }
    }

    /// Removes one closure; meetings it moved go back to their day, and those it skipped or
    /// cancelled come back (people who were told get the meeting again).
    public func removeClosure(_ closureID: ID<Closure>, as actorEmail: String, now: Date = Date()) async throws -> (Closure, ClosureChange) {
        let horizon = self.horizon
        return try await perform(as: actorEmail, action: "closures.remove") { connection, actor in
            guard let closure = try ClosureStore.find(id: closureID, on: connection) else {
                throw ServiceError(.notFound, "no closure with id \(closureID); `circles closures list --calendar NAME` shows them")
            }
            let calendar = try Self.calendar(id: try Self.stored(closure.calendarID), on: connection)
            try Self.authorizeManaging(calendar, actor: actor, on: connection)
            try ClosureStore.delete(ids: [closure.id], on: connection)
            var change = ClosureChange(calendar: calendar.name, removed: 1)
            change.meetings = try Self.applyClosures(calendarID: try Self.stored(calendar.id), now: now, horizon: horizon, on: connection)
            return (closure, change)
        }
    }

    /// The closures of one calendar, or of every calendar a team follows, in date order.
    /// Administrators; a calendar's own team and the teams following it (members included).
    public func listClosures(calendar name: String? = nil, team teamName: String? = nil, as actorEmail: String) async throws -> [ClosureEntry] {
        try await read(as: actorEmail) { connection, actor in
            var calendars: [ClosureCalendar] = []
            if let teamName {
                let team = try Self.team(teamName, on: connection)
                try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "closures")))
                calendars = try ClosureStore.calendars(followedBy: try Self.stored(team.id), on: connection)
                if let name { calendars = calendars.filter { $0.name.lowercased() == name.lowercased() } }
            } else if let name {
                let calendar = try Self.calendar(named: name, on: connection)
                try Self.authorizeReading(calendar, actor: actor, on: connection)
                calendars = [calendar]
            } else {
                throw DomainError(field: "calendar", "say whose closures to list: --calendar NAME or --team NAME")
            }
            return try calendars.flatMap { calendar in
                try ClosureStore.closures(calendarID: try Self.stored(calendar.id), on: connection).map { ClosureEntry(calendar: calendar, closure: $0) }
            }.sorted { Self.sortKey($0.closure) < Self.sortKey($1.closure) }
        }
    }

    /// A team starts (or stops) following a calendar: its meetings move, are skipped or come back
    /// accordingly. Administrators and the team's leads; a team follows shared calendars and its own.
    public func followClosures(
        team teamName: String, calendar name: String, following: Bool, as actorEmail: String, now: Date = Date()
    ) async throws -> ClosureChange {
        let horizon = self.horizon
        return try await perform(as: actorEmail, action: following ? "closures.follow" : "closures.unfollow") { connection, actor in
            let team = try Self.team(teamName, on: connection)
            try AccessPolicy.authorize(
                actor, .manageTeam(teamID: team.id, teamName: team.name, what: "choose which closure calendars the team follows"))
            let calendar = try Self.calendar(named: name, on: connection)
            if let owner = calendar.teamID, owner != team.id {
                throw ServiceError(
                    .invalid,
                    "the closure calendar \"\(calendar.name)\" belongs to another team; a team follows shared calendars and its own")
            }
            let teamID: ID<Team> = try Self.stored(team.id)
            let calendarID: ID<ClosureCalendar> = try Self.stored(calendar.id)
            let changed =
                following
                ? try ClosureStore.follow(teamID: teamID, calendarID: calendarID, on: connection)
                : try ClosureStore.unfollow(teamID: teamID, calendarID: calendarID, on: connection)
            var change = ClosureChange(calendar: calendar.name)
            if changed { change.meetings = try Self.applyClosures(teamIDs: [teamID], now: now, horizon: horizon, on: connection) }
            return change
        }
    }

    /// The calendars a team follows. The team's members and administrators.
    public func followedCalendars(team teamName: String, as actorEmail: String) async throws -> [ClosureCalendar] {
        try await read(as: actorEmail) { connection, actor in
            let team = try Self.team(teamName, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "closure calendars")))
            return try ClosureStore.calendars(followedBy: try Self.stored(team.id), on: connection)
        }
    }

    // MARK: - Helpers

    static func sortKey(_ closure: Closure) -> String {
        switch closure.span {
        case .days(let first, _): first
        case .timed(let from, _): from.postgresText ?? ""
        }
    }

    static func validateCalendarName(_ text: String) throws -> String {
        let name = try TextRule.teamName.check(text)
        guard !name.isEmpty else { throw DomainError(field: "calendar", "a closure calendar needs a name (--calendar \"…\")") }
        return name
    }

    static func validate(_ span: Closure.Span) throws {
        switch span {
        case .days(let first, let last):
            guard let from = LocalDate(iso: first), let through = LocalDate(iso: last) else {
                throw DomainError(field: "date", "invalid date; expected YYYY-MM-DD, e.g. 2026-12-24")
            }
            guard from <= through else { throw DomainError(field: "until", "the closure would end (\(last)) before it starts (\(first))") }
            guard from.days(to: through) < ClosureImportLimits.maxDays else {
                throw DomainError(field: "until", "a closure may last at most \(ClosureImportLimits.maxDays) days")
            }
        case .timed(let from, let until):
            guard until > from else { throw DomainError(field: "until", "the closure would end before it starts") }
            guard until.timeIntervalSince(from) <= Double(ClosureImportLimits.maxDays) * 86_400 else {
                throw DomainError(field: "until", "a closure may last at most \(ClosureImportLimits.maxDays) days")
            }
        }
    }

    static func calendar(named name: String, on connection: isolated PostgresConnection) throws -> ClosureCalendar {
        guard let calendar = try ClosureStore.findCalendar(name: name, on: connection) else {
            throw ServiceError(.notFound, "no closure calendar named \"\(name)\"; `circles closures import` or `closures add` creates one")
        }
        return calendar
    }

    static func calendar(id: ID<ClosureCalendar>, on connection: isolated PostgresConnection) throws -> ClosureCalendar {
        guard let calendar = try ClosureStore.calendars(on: connection).first(where: { $0.id == id.description }) else {
            throw ServiceError(.notFound, "no closure calendar with id \(id)")
        }
        return calendar
    }

    /// The calendar to change, created if new (shared unless `team` is named), after checking the
    /// actor may manage it: a shared calendar administrators, a team's own its leads.
    static func calendarToManage(
        _ name: String, team teamName: String?, source: ClosureCalendar.Source, detail: String?, actor: Actor,
        on connection: isolated PostgresConnection
    ) throws -> ClosureCalendar {
        let team = try teamName.map { try Self.team($0, on: connection) }
        if let found = try ClosureStore.findCalendar(name: name, on: connection) {
            if let team, found.teamID != team.id {
                throw ServiceError(.conflict, "the closure calendar \"\(found.name)\" exists already and is not team \"\(team.name)\"'s own")
            }
            try authorizeManaging(found, actor: actor, on: connection)
            return found
        }
        if let team {
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "manage the team's closures"))
        } else {
            try AccessPolicy.authorize(actor, .administer(what: "create a shared closure calendar (give --team for a team's own)"))
        }
        return try ClosureStore.insertCalendar(
            name: name, teamID: try team.map { try Self.stored($0.id) }, source: source, sourceDetail: detail, on: connection)
    }

    static func authorizeManaging(_ calendar: ClosureCalendar, actor: Actor, on connection: isolated PostgresConnection) throws {
        if let owner = calendar.teamID {
            let team = try Self.team(owner, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "manage the team's closures"))
        } else {
            try AccessPolicy.authorize(actor, .administer(what: "change the shared closure calendar \"\(calendar.name)\""))
        }
    }

    static func authorizeReading(_ calendar: ClosureCalendar, actor: Actor, on connection: isolated PostgresConnection) throws {
        var teams = try ClosureStore.followers(calendarID: try Self.stored(calendar.id), on: connection).map(\.description)
        if let owner = calendar.teamID { teams.insert(owner, at: 0) }
        if teams.contains(where: { AccessPolicy.permits(actor, .read(.team(teamID: $0, teamName: "", what: "closures"))) }) { return }
        if let owner = calendar.teamID {
            let team = try Self.team(owner, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "closures")))
        }
        try AccessPolicy.authorize(actor, .administer(what: "list the closures of a calendar none of your teams follows"))
    }

    /// The closed days a series' team follows, as the planner applies them to this series.
    static func closurePlanner(for series: MeetingSeries, on connection: isolated PostgresConnection) throws -> ClosurePlanner {
        var plans = ClosurePlans(try ClosureStore.followed(teamIDs: [try stored(series.teamID)], on: connection))
        return plans.planner(for: series)
    }
}
