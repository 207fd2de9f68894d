import CirclesDomain
import CirclesServices
import Foundation
import Postgres
import Testing

/// Calendar feeds read back by independent parsers, against the meetings in the database.
@Suite("calendar feeds: a person's and a team's meetings, as calendar programs read them")
struct CalendarFeedTests {
    static let now = instant("2026-12-20T09:00:00Z")

    /// The North team's monthly series (facilitators rotate among sw1–sw3, whole team invited) from
    /// 2026-09-08, so some meetings lie more than 8 weeks back; one meeting cancelled; and a South series.
    func scenario() async throws -> (SchedulingScenario, CalendarFeeds) {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        let north = try await services.scheduleAction(scenario.monthly(start: "2026-09-08T14:00"), as: scenario.lead, now: Self.now)
        let january = try #require(north.meetings.first { $0.localStart.hasPrefix("2027-01") })
        _ = try await services.cancelMeeting(january.id, reason: "Team away day", as: scenario.lead, now: Self.now)
        _ = try await services.recordWorkshop(.init(team: "South", title: "South day", heldOn: "2026-11-04"), as: "south@example.org")
        let action = try await services.addAction(.init(title: "South circles", perspective: "practitioner"), workshop: "South day", as: "south@example.org")
        _ = try await services.scheduleAction(
            .init(actionID: action.id, rule: "FREQ=WEEKLY;BYDAY=WE", start: "2026-12-02T10:00", endTime: "11:00",
                  facilitatorEmails: ["south@example.org"], wholeTeam: true),
            as: "south@example.org", now: Self.now)
        return (scenario, CalendarFeeds(pool: scenario.fixture.pool, domain: "Circles.Example.org"))
    }

    /// The meetings the database says a feed must show, as `UID|SEQUENCE|STATUS|start`.
    func expected(_ pool: PostgresPool, person: String? = nil, team: String? = nil) async throws -> Set<String> {
        let rows = try await pool.query("""
            SELECT o.series_id::text, to_char(o.original_start AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'), o.sequence,
                   CASE o.status WHEN 'cancelled' THEN 'CANCELLED' ELSE 'CONFIRMED' END,
                   to_char(o.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            FROM occurrences o JOIN series s ON s.id = o.series_id JOIN teams t ON t.id = s.team_id
            WHERE o.starts_at >= \(Self.now.addingTimeInterval(-CalendarFeeds.window))
              AND (t.name = \(team) OR o.facilitator_id = (SELECT id FROM people WHERE email = \(person))
                   OR o.series_id IN (SELECT series_id FROM series_invitees i JOIN people p ON p.id = i.person_id WHERE p.email = \(person)))
            """)
        return Set(try rows.map { row in
            let (series, original, sequence, status, start) = try row.decode((String, String, Int, String, String).self)
            return "\(series)-\(original)@circles.example.org|\(sequence)|\(status)|\(start)"
        })
    }

    func body(_ outcome: CalendarFeeds.Outcome) throws -> (CalendarFeeds.Validators, [UInt8]) {
        guard case .feed(let validators, let bytes) = outcome else { throw CalendarParsers.Failure(description: "expected a feed, got \(outcome)") }
        return (validators, bytes)
    }

    @Test("a person's feed expands, with recurring-ical-events, to exactly their meetings in the database, and libical reads it without errors",
          .enabled(if: CalendarParsers.recurring.shouldRun && CalendarParsers.libical.shouldRun))
    func personFeedMatchesTheDatabase() async throws {
        try CalendarParsers.recurring.check()
        try CalendarParsers.libical.check()
        let (scenario, feeds) = try await scenario()
        let issued = try await scenario.fixture.services.issueFeedLink(person: "sw1@example.org", team: nil, reset: false, as: "sw1@example.org")
        let (_, feed) = try body(try await feeds.feed(token: issued.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now))
        let text = String(decoding: feed, as: UTF8.self)
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"))
        #expect(!text.contains("ATTENDEE") && !text.contains("ORGANIZER"), "a feed names nobody else")
        let expanded = try CalendarParsers.expand(feed, from: Self.now.addingTimeInterval(-365 * 86_400), to: Self.now.addingTimeInterval(365 * 86_400))
        let shown = Set(expanded.map { "\($0.uid)|\($0.sequence)|\($0.status)|\($0.start)" })
        let wanted = try await expected(scenario.fixture.pool, person: "sw1@example.org")
        #expect(shown == wanted)
        #expect(expanded.count == wanted.count, "one VEVENT per meeting")
        #expect(wanted.contains { $0.contains("|CANCELLED|") }, "the cancelled meeting is in the feed as CANCELLED")
        #expect(!wanted.contains { $0.contains("2026-09-08") }, "a meeting more than 8 weeks back is not")
        #expect(expanded.allSatisfy { $0.summary == "Set up regular peer-support meetings for social workers" })
        let libical = try CalendarParsers.libicalCheck(feed)
        #expect(libical.errors.isEmpty, "\(libical.errors)")
        #expect(libical.events == wanted.count)
        try await scenario.fixture.tearDown()
    }

    @Test("a lead's team feed shows every meeting of the team and none of another's; a member may not have one",
          .enabled(if: CalendarParsers.recurring.shouldRun))
    func teamFeed() async throws {
        try CalendarParsers.recurring.check()
        let (scenario, feeds) = try await scenario()
        let services = scenario.fixture.services
        let issued = try await services.issueFeedLink(person: scenario.lead, team: "North", reset: false, as: scenario.lead)
        let (_, feed) = try body(try await feeds.feed(token: issued.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now))
        let expanded = try CalendarParsers.expand(feed, from: Self.now.addingTimeInterval(-365 * 86_400), to: Self.now.addingTimeInterval(365 * 86_400))
        #expect(Set(expanded.map { "\($0.uid)|\($0.sequence)|\($0.status)|\($0.start)" }) == (try await expected(scenario.fixture.pool, team: "North")))
        #expect(String(decoding: feed, as: UTF8.self).contains("X-WR-CALNAME:Circles: North\r\n"))
        await #expect(throws: AccessDenied.self) {
            _ = try await services.issueFeedLink(person: "sw2@example.org", team: "North", reset: false, as: "sw2@example.org")
        }
        // A lead who is no longer one loses the team feed at once.
        _ = try await services.addMembers(team: "North", emails: [scenario.lead], role: .member, as: scenario.fixture.admin)
        #expect(try await feeds.feed(token: issued.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now) == .notFound)
        try await scenario.fixture.tearDown()
    }

    @Test("If-None-Match with the ETag answers 304, as does If-Modified-Since; a change to a meeting changes the ETag")
    func conditionalRequests() async throws {
        let (scenario, feeds) = try await scenario()
        let services = scenario.fixture.services
        let issued = try await services.issueFeedLink(person: "sw2@example.org", team: nil, reset: false, as: scenario.lead)
        let token = issued.token.text
        let (validators, first) = try body(try await feeds.feed(token: token, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now))
        #expect(validators.etag.hasPrefix("\"") && validators.etag.hasSuffix("\""))
        #expect(try await feeds.feed(token: token, ifNoneMatch: validators.etag, ifModifiedSince: nil, now: Self.now) == .notModified(validators))
        #expect(try await feeds.feed(token: token, ifNoneMatch: "\"other\", W/\(validators.etag)", ifModifiedSince: nil, now: Self.now)
            == .notModified(validators))
        #expect(try await feeds.feed(token: token, ifNoneMatch: nil, ifModifiedSince: validators.lastModified, now: Self.now) == .notModified(validators))
        // The same content renders the same bytes.
        let (_, again) = try body(try await feeds.feed(token: token, ifNoneMatch: "\"stale\"", ifModifiedSince: nil, now: Self.now))
        #expect(again == first)

        try await Task.sleep(for: .seconds(1.1))  // Last-Modified has whole seconds
        let upcoming = try await scenario.fixture.pool.query("""
            SELECT o.id::text FROM occurrences o JOIN series s ON s.id = o.series_id JOIN teams t ON t.id = s.team_id
            WHERE t.name = 'North' AND o.status = 'scheduled' AND o.starts_at > \(Self.now) ORDER BY o.starts_at LIMIT 1
            """).decode(String.self)
        _ = try await services.cancelMeeting(try #require(upcoming.first), reason: "Snow", as: scenario.lead, now: Self.now)
        let (changed, bytes) = try body(try await feeds.feed(token: token, ifNoneMatch: validators.etag, ifModifiedSince: nil, now: Self.now))
        #expect(changed.etag != validators.etag)
        #expect(changed.lastModified > validators.lastModified)
        #expect(String(decoding: bytes, as: UTF8.self).components(separatedBy: "STATUS:CANCELLED").count == 3)
        // Only If-Modified-Since, with the old date: the feed, not 304.
        #expect(try await feeds.feed(token: token, ifNoneMatch: nil, ifModifiedSince: validators.lastModified, now: Self.now) != .notModified(changed))
        try await scenario.fixture.tearDown()
    }

    @Test("renaming a team changes its feed's ETag: the calendar's name is part of what a 304 vouches for")
    func teamNameInValidator() async throws {
        let (scenario, feeds) = try await scenario()
        let issued = try await scenario.fixture.services.issueFeedLink(person: scenario.lead, team: "North", reset: false, as: scenario.lead)
        let token = issued.token.text
        let (validators, _) = try body(try await feeds.feed(token: token, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now))
        _ = try await scenario.fixture.pool.execute("UPDATE teams SET name = 'North East' WHERE name = 'North'")
        let (renamed, bytes) = try body(try await feeds.feed(token: token, ifNoneMatch: validators.etag, ifModifiedSince: nil, now: Self.now))
        #expect(renamed.etag != validators.etag)
        #expect(String(decoding: bytes, as: UTF8.self).contains("X-WR-CALNAME:Circles: North East"))
        try await scenario.fixture.tearDown()
    }

    @Test("a reset revokes the old link (404) and prints a new one; without --reset a second link is refused; garbage tokens are 404")
    func revocation() async throws {
        let (scenario, feeds) = try await scenario()
        let services = scenario.fixture.services
        let first = try await services.issueFeedLink(person: "sw3@example.org", team: nil, reset: false, as: "sw3@example.org")
        await #expect {
            _ = try await services.issueFeedLink(person: "sw3@example.org", team: nil, reset: false, as: "sw3@example.org")
        } throws: { error in
            "\(error)".contains("--reset") && (error as? ServiceError)?.kind == .conflict
        }
        let second = try await services.issueFeedLink(person: "sw3@example.org", team: nil, reset: true, as: "sw3@example.org")
        #expect(second.revokedPrevious)
        #expect(second.token != first.token)
        #expect(try await feeds.feed(token: first.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now) == .notFound)
        _ = try body(try await feeds.feed(token: second.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now))
        for garbage in ["", "x", String(repeating: "A", count: 42), String(repeating: "A", count: 42) + "B", "../../etc/passwd", first.token.text + "A"] {
            #expect(try await feeds.feed(token: garbage, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now) == .notFound)
        }
        // Only the hash is stored, and the audit trail shows the issue without it.
        let stored = try await scenario.fixture.pool.query("SELECT count(*) FROM feed_links f WHERE f::text LIKE '%' || \(second.token.text) || '%'").decode(Int.self)
        #expect(stored == [0])
        let audit = try await scenario.fixture.pool.query("""
            SELECT action, after::text FROM audit_log WHERE entity_table = 'feed_links' ORDER BY id
            """).decode((String, String?).self)
        #expect(audit.map(\.0) == ["feed.issue", "feed.reset", "feed.reset"])
        #expect(audit.allSatisfy { !($0.1 ?? "").contains(second.token.text) })
        // Deactivating the person ends their feed.
        _ = try await services.updatePerson("sw3@example.org", .init(active: false), as: scenario.fixture.admin)
        #expect(try await feeds.feed(token: second.token.text, ifNoneMatch: nil, ifModifiedSince: nil, now: Self.now) == .notFound)
        try await scenario.fixture.tearDown()
    }

    @Test("who may have a person's feed link: the person, an administrator, a lead of all their teams; not another member")
    func access() async throws {
        let (scenario, _) = try await scenario()
        let services = scenario.fixture.services
        await #expect(throws: AccessDenied.self) {
            _ = try await services.issueFeedLink(person: "sw1@example.org", team: nil, reset: false, as: "sw2@example.org")
        }
        await #expect(throws: AccessDenied.self) {
            _ = try await services.issueFeedLink(person: "sw1@example.org", team: nil, reset: false, as: "south@example.org")
        }
        _ = try await services.issueFeedLink(person: "sw1@example.org", team: nil, reset: false, as: scenario.lead)
        _ = try await services.issueFeedLink(person: "sw2@example.org", team: nil, reset: false, as: scenario.fixture.admin)
        try await scenario.fixture.tearDown()
    }
}
