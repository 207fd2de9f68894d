import CirclesDomain
import CirclesServices
import Postgres
import PostgresTestSupport
import Testing

@Suite("erasure and pairing")
struct PairingErasureTests {
    @Test("erasing a person removes them from schemes, exclusion lists, mentoring and pairing history, and leaves their name nowhere")
    func erasureForgetsPairing() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        let admin = fixture.admin
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: admin)
        let people = [("ana@example.org", "Ana Quill"), ("ben@example.org", "Ben Oddly"), ("cai@example.org", "Cai Mentor"), ("dee@example.org", "Dee Starter")]
        for (email, name) in people {
            _ = try await services.addPerson(.init(email: email, displayName: name), as: admin)
        }
        _ = try await services.addMembers(team: "North", emails: people.map(\.0), role: .member, as: admin)
        var buddy = CirclesServices.NewPairingScheme(name: "Coffee", teams: ["North"], rule: "FREQ=WEEKLY", start: "2027-01-04T12:30")
        buddy.membership = "opt-out"
        _ = try await services.createPairingScheme(buddy, as: admin)
        var mentoring = CirclesServices.NewPairingScheme(name: "Mentors", teams: ["North"], rule: "FREQ=MONTHLY", start: "2027-01-04T10:00")
        mentoring.kind = "mentoring"
        _ = try await services.createPairingScheme(mentoring, as: admin)
        _ = try await services.addMentor(scheme: "Mentors", email: "cai@example.org", capacity: 2, as: admin)
        _ = try await services.changePairingMembership(scheme: "Mentors", .join(startedOn: "2026-11-30"), as: "ben@example.org")
        _ = try await services.setPairingExclusion(of: nil, excluding: "ana@example.org", remove: false, as: "cai@example.org")
        _ = try await services.setPairingExclusion(of: nil, excluding: "dee@example.org", remove: false, as: "ben@example.org")
        _ = try await services.forbidPair("ben@example.org", "cai@example.org", remove: false, as: admin)
        let round = try await services.runPairingRound("Coffee", seed: 1, as: admin)
        #expect(round.groups.flatMap(\.members).map(\.name).contains("Ben Oddly"))
        let mentored = try await services.runPairingRound("Mentors", seed: 1, as: admin)
        #expect(mentored.groups.map { $0.members.map(\.name) } == [["Ben Oddly", "Cai Mentor"]])

        _ = try await services.erasePerson(email: "ben@example.org", as: admin)
        let benID = try await fixture.pool.query("SELECT id::text FROM people WHERE email LIKE 'erased-%'")[0].decode(String.self, at: 0)
        for table in ["pairing_memberships", "pairing_group_members", "pairing_mentors"] {
            let rows = try await fixture.pool.query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE person_id = '\(benID)'"))
            #expect(try rows[0].decode(Int.self, at: 0) == 0, "\(table) still holds them")
        }
        let elsewhere = try await fixture.pool.query("""
            SELECT (SELECT count(*) FROM pairing_exclusions WHERE person_id = \(benID)::uuid OR excluded_id = \(benID)::uuid)
                 + (SELECT count(*) FROM pairing_forbidden_pairs WHERE person_a = \(benID)::uuid OR person_b = \(benID)::uuid)
                 + (SELECT count(*) FROM mentoring_pairs WHERE mentor_id = \(benID)::uuid OR mentee_id = \(benID)::uuid)
                 + (SELECT count(*) FROM pairing_rounds WHERE \(benID)::uuid = ANY (sat_out))
            """)
        #expect(try elsewhere[0].decode(Int.self, at: 0) == 0)
        #expect(try await placesContaining(["ben@example.org", "Ben Oddly"], in: fixture.pool).isEmpty)
        // Other people's lists are theirs: Cai's exclusion of Ana stays.
        #expect(try await services.pairingExclusions(of: nil, as: "cai@example.org").map(\.email) == ["ana@example.org"])
        try await fixture.tearDown()
    }
}
