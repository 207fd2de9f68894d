import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Postgres
import PostgresTestSupport

/// A small, hand-computed progress scenario, built for real through the services (and then the
/// clock-dependent timestamps pinned), so tests can check every figure against a worked example.
///
/// Team North (Europe/London): lead Priya Lead; members Sam One, Sol Two, Sky Three (joined
/// 2026-11-01) and Jo Late, who joined mid-way (2027-02-01). Workshop "Whose Shoes?" on
/// 2026-11-20 agreed five actions, one per perspective:
///
/// - A1 practitioner "Peer support for social workers" (Priya): fortnightly on Tuesdays from
///   2027-01-05, whole team. Held Jan 5 (3 of 4), Jan 19 (2 of 4); Feb 2 cancelled "Snow closed
///   the office"; Feb 16 moved to Thu Feb 18 and held (4 of 5); held Mar 2 (3 of 5), Mar 16 (2 of
///   5); Mar 30 passed unrecorded. Follow-ups: "Share the supervision checklist" (Sam, raised
///   Jan 5, due Jan 19, done Jan 18), "Ask HR about protected time" (Priya, raised Jan 19, due
///   Feb 15, open), "Book a room for April" (Sol, raised Mar 2, due Apr 10, open).
/// - A2 service user "Easy-read letters" (Sol, due 2027-06-30): monthly on the 2nd Wednesday
///   from 2027-01-13 for Sol and Sky. Held Jan 13 (2 of 2); Feb 10 unrecorded; Mar 10 cancelled
///   "Facilitator off sick".
/// - A3 carer "Carers' evening drop-in" (Priya): dropped on 2027-01-10, "Merged into the county
///   carers' forum".
/// - A4 manager "Manager sign-off within five days": no owner, no meetings.
/// - A5 organisation "Publish a notes template" (Sam): done on 2027-02-01.
///
/// A second team, South (lead Sid South), has nothing yet.
public struct ProgressScenario: Sendable {
    public let database: TestDatabase
    public let pool: PostgresPool
    public let services: CirclesServices
    public let admin = "admin@example.org"
    public let lead = "priya@example.org"

    /// The URL a `circles` process should use to reach this scenario's schema.
    public var url: String {
        database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
    }

    public static func make(prefix: String = "progress") async throws -> ProgressScenario {
        let database = try await TestDatabase.make(prefix: prefix)
        let pool = try database.pool()
        try await Migrator().migrate(pool)
        let services = CirclesServices(pool: pool)
        let scenario = ProgressScenario(database: database, pool: pool, services: services)
        do {
            try await scenario.build()
        } catch {
            await pool.close()
            try? await database.drop()
            throw error
        }
        return scenario
    }

    public func tearDown() async throws {
        await pool.close()
        try await database.drop()
    }

    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text) ?? .distantPast }

    private func build() async throws {
        let admin = self.admin
        _ = try await services.addAdministrator(.init(email: admin, displayName: "Ada Admin"), as: nil)
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: admin)
        _ = try await services.createTeam(name: "South", timeZone: "Europe/London", as: admin)
        let people = [
            ("priya@example.org", "Priya Lead"), ("sam@example.org", "Sam One"), ("sol@example.org", "Sol Two"),
            ("sky@example.org", "Sky Three"), ("jo@example.org", "Jo Late"), ("sid@example.org", "Sid South"),
        ]
        for (email, name) in people { _ = try await services.addPerson(.init(email: email, displayName: name), as: admin) }
        _ = try await services.addMembers(team: "North", emails: ["priya@example.org"], role: .lead, as: admin)
        _ = try await services.addMembers(
            team: "North", emails: ["sam@example.org", "sol@example.org", "sky@example.org"], role: .member, as: admin)
        _ = try await services.addMembers(team: "South", emails: ["sid@example.org"], role: .lead, as: admin)
        _ = try await services.recordWorkshop(.init(team: "North", title: "Whose Shoes?", heldOn: "2026-11-20"), as: admin)
        func add(_ title: String, _ perspective: String, owner: String?, due: String? = nil) async throws -> String {
            try await services.addAction(
                .init(title: title, perspective: perspective, ownerEmail: owner, dueOn: due), workshop: "Whose Shoes?", as: admin
            ).id
        }
        let a1 = try await add("Peer support for social workers", "practitioner", owner: "priya@example.org")
        let a2 = try await add("Easy-read letters", "service-user", owner: "sol@example.org", due: "2027-06-30")
        let a3 = try await add("Carers' evening drop-in", "carer", owner: "priya@example.org")
        _ = try await add("Manager sign-off within five days", "manager", owner: nil)
        let a5 = try await add("Publish a notes template", "organisation", owner: "sam@example.org")
        _ = try await services.moveAction(a3, to: "dropped", reason: "Merged into the county carers' forum", as: admin)
        _ = try await services.moveAction(a5, to: "done", reason: nil, as: admin)

        let s1 = try await services.scheduleAction(
            .init(
                actionID: a1, rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", start: "2027-01-05T14:00", endTime: "15:30",
                facilitatorEmails: ["sam@example.org", "sol@example.org"], wholeTeam: true),
            as: admin, now: Self.at("2027-01-01T09:00:00Z"))
        let s2 = try await services.scheduleAction(
            .init(
                actionID: a2, rule: "FREQ=MONTHLY;BYDAY=2WE", start: "2027-01-13T10:00", duration: "60m",
                facilitatorEmails: ["sol@example.org"], attendeeEmails: ["sol@example.org", "sky@example.org"]),
            as: admin, now: Self.at("2027-01-01T09:00:00Z"))
        func meeting(_ scheduled: CirclesServices.ScheduledSeries, _ day: String) throws -> String {
            guard let found = scheduled.meetings.first(where: { $0.localStart.hasPrefix(day) }) else {
                throw TestSetupError("no meeting on \(day) in \(scheduled.series.title)")
            }
            return found.id
        }
        func hold(_ id: String, at time: String, _ attendance: [String: String]) async throws {
            let named = Dictionary(uniqueKeysWithValues: attendance.map { ("\($0.key)@example.org", $0.value) })
            _ = try await services.holdMeeting(id, .init(attendance: named), as: admin, now: Self.at(time))
        }
        let y = "attended", a = "apologies", n = "absent"
        try await hold(try meeting(s1, "2027-01-05"), at: "2027-01-05T16:00:00Z", ["sam": y, "sol": y, "sky": n, "priya": y])
        let f1 = try await services.addFollowUp(
            meeting: try meeting(s1, "2027-01-05"), title: "Share the supervision checklist", ownerEmail: "sam@example.org",
            due: "2027-01-19", as: admin)
        try await hold(try meeting(s2, "2027-01-13"), at: "2027-01-13T12:00:00Z", ["sol": y, "sky": y])
        try await hold(try meeting(s1, "2027-01-19"), at: "2027-01-19T16:00:00Z", ["sam": y, "sol": a, "sky": n, "priya": y])
        _ = try await services.addFollowUp(
            meeting: try meeting(s1, "2027-01-19"), title: "Ask HR about protected time", ownerEmail: "priya@example.org",
            due: "2027-02-15", as: admin)
        _ = try await services.closeFollowUp(f1.id, as: .done, reason: nil, by: admin)
        _ = try await services.cancelMeeting(
            try meeting(s1, "2027-02-02"), reason: "Snow closed the office", as: admin, now: Self.at("2027-01-30T12:00:00Z"))
        _ = try await services.addMembers(team: "North", emails: ["jo@example.org"], role: .member, as: admin)
        let moved = try meeting(s1, "2027-02-16")
        _ = try await services.moveMeeting(moved, to: "2027-02-18T14:00", as: admin, now: Self.at("2027-02-10T12:00:00Z"))
        try await hold(moved, at: "2027-02-18T16:00:00Z", ["sam": y, "sol": y, "sky": n, "priya": y, "jo": y])
        try await hold(try meeting(s1, "2027-03-02"), at: "2027-03-02T16:00:00Z", ["sam": y, "sol": y, "sky": a, "priya": n, "jo": y])
        _ = try await services.addFollowUp(
            meeting: try meeting(s1, "2027-03-02"), title: "Book a room for April", ownerEmail: "sol@example.org",
            due: "2027-04-10", as: admin)
        _ = try await services.cancelMeeting(
            try meeting(s2, "2027-03-10"), reason: "Facilitator off sick", as: admin, now: Self.at("2027-03-08T12:00:00Z"))
        try await hold(try meeting(s1, "2027-03-16"), at: "2027-03-16T16:00:00Z", ["sam": n, "sol": y, "sky": n, "priya": y, "jo": a])

        // What the database stamped with the real clock, pinned to the story's days.
        let superuser = try await database.connect()
        try await superuser.execute(unsafeSQL: """
            UPDATE action_item_status_history SET changed_at = '2026-11-20 17:00+00' WHERE from_status IS NULL;
            UPDATE action_item_status_history SET changed_at = '2027-01-10 12:00+00' WHERE to_status = 'dropped';
            UPDATE action_item_status_history SET changed_at = '2027-02-01 12:00+00' WHERE to_status = 'done';
            UPDATE team_memberships SET joined_at = '2026-11-01 09:00+00';
            UPDATE team_memberships SET joined_at = '2027-02-01 09:00+00'
                WHERE person_id = (SELECT id FROM people WHERE email = 'jo@example.org');
            UPDATE occurrences SET cancelled_at = '2027-01-30 12:00+00' WHERE cancel_reason = 'Snow closed the office';
            UPDATE occurrences SET cancelled_at = '2027-03-08 12:00+00' WHERE cancel_reason = 'Facilitator off sick';
            UPDATE follow_ups SET completed_at = '2027-01-18 12:00+00' WHERE status = 'done';
            """)
        await superuser.close()
    }
}
