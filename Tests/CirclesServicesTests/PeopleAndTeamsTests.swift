import CirclesDomain
import CirclesServices
import Postgres
import Testing

@Suite("people, teams and who may change them")
struct PeopleAndTeamsTests {
    @Test("the first administrator needs no actor; the next one needs an active administrator")
    func bootstrapAdministrator() async throws {
        let fixture = try await ServiceFixture.make()
        let error = await #expect(throws: ServiceError.self) {
            try await fixture.services.addAdministrator(.init(email: "eve@example.org", displayName: "Eve"), as: nil)
        }
        #expect(error?.description == "only an administrator may add administrators: pass --as EMAIL of one")
        let second = try await fixture.services.addAdministrator(.init(email: "bo@example.org", displayName: "Bo"), as: fixture.admin)
        #expect(second.email == "bo@example.org")
        _ = try await fixture.services.updatePerson("bo@example.org", .init(active: false), as: fixture.admin)
        let before = try await fixture.snapshot()
        let deactivated = await #expect(throws: ServiceError.self) {
            try await fixture.services.addAdministrator(.init(email: "eve@example.org", displayName: "Eve"), as: "bo@example.org")
        }
        #expect(deactivated?.description == "bo@example.org has been deactivated and cannot make changes")
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a person's email is unique whatever its case, and a duplicate changes nothing")
    func duplicateEmail() async throws {
        let fixture = try await ServiceFixture.make()
        _ = try await fixture.services.addPerson(.init(email: "sam@example.org", displayName: "Sam"), as: fixture.admin)
        let before = try await fixture.snapshot()
        let error = await #expect(throws: ServiceError.self) {
            try await fixture.services.addPerson(.init(email: "SAM@Example.org", displayName: "Sam again"), as: fixture.admin)
        }
        #expect(error?.description == "a person with email SAM@Example.org already exists")
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("bad input is refused before anything is written: malformed email, unknown time zone, unknown actor")
    func badInput() async throws {
        let fixture = try await ServiceFixture.make()
        let before = try await fixture.snapshot()
        let email = await #expect(throws: DomainError.self) {
            try await fixture.services.addPerson(.init(email: "sam.example.org", displayName: "Sam"), as: fixture.admin)
        }
        #expect(email?.description.contains("must contain exactly one @") == true)
        let zone = await #expect(throws: DomainError.self) {
            try await fixture.services.addPerson(.init(email: "sam@example.org", displayName: "Sam", timeZone: "Europe/Londn"), as: fixture.admin)
        }
        #expect(zone?.description.hasPrefix("unknown time zone \"Europe/Londn\"; expected an IANA name such as Europe/") == true)
        let actor = await #expect(throws: ServiceError.self) {
            try await fixture.services.addPerson(.init(email: "sam@example.org", displayName: "Sam"), as: "nobody@example.org")
        }
        #expect(actor?.description.hasPrefix("unknown actor nobody@example.org") == true)
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a team lead manages their own team's members and is refused another team's, changing nothing")
    func leadsAndOtherTeams() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: fixture.admin)
        _ = try await services.createTeam(name: "South", timeZone: "Europe/London", as: fixture.admin)
        for (email, name) in [("lead@example.org", "Lee Lead"), ("sw@example.org", "Sol Worker")] {
            _ = try await services.addPerson(.init(email: email, displayName: name), as: fixture.admin)
        }
        _ = try await services.addMembers(team: "North", emails: ["lead@example.org"], role: .lead, as: fixture.admin)
        let members = try await services.addMembers(team: "north", emails: ["sw@example.org"], role: .member, as: "lead@example.org")
        #expect(members.map(\.person.email) == ["lead@example.org", "sw@example.org"])
        let before = try await fixture.snapshot()
        let refused = await #expect(throws: AccessDenied.self) {
            try await services.addMembers(team: "South", emails: ["sw@example.org"], role: .member, as: "lead@example.org")
        }
        #expect(refused?.description == "only an administrator or a lead of team \"South\" may change its members; lead@example.org is not in that team")
        let memberRefused = await #expect(throws: AccessDenied.self) {
            try await services.createTeam(name: "West", timeZone: "Europe/London", as: "sw@example.org")
        }
        #expect(memberRefused?.description == "only an administrator may create teams; sw@example.org is not one")
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("every change is in the audit trail with the acting person and the operation")
    func changesAreAudited() async throws {
        let fixture = try await ServiceFixture.make()
        let sam = try await fixture.services.addPerson(.init(email: "sam@example.org", displayName: "Sam"), as: fixture.admin)
        _ = try await fixture.services.updatePerson("sam@example.org", .init(active: false), as: fixture.admin)
        let rows = try await fixture.pool.query("""
            SELECT a.action, p.email FROM audit_log a JOIN people p ON p.id = a.actor_person_id
            WHERE a.entity_table = 'people' AND a.entity_id = \(sam.id)
            ORDER BY a.id
            """).decode((String, String).self)
        #expect(rows.map(\.1) == ["admin@example.org", "admin@example.org"])
        #expect(rows.count == 2)
        try await fixture.tearDown()
    }
}

@Suite("unknown names are refused and change nothing")
struct UnknownNamesTests {
    @Test("an unknown team or person is named in the refusal, and no table changes")
    func unknownTeamAndPerson() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: fixture.admin)
        let before = try await fixture.snapshot()
        let team = await #expect(throws: ServiceError.self) {
            try await services.recordWorkshop(.init(team: "Nowhere", title: "Whose Shoes?", heldOn: "2026-11-03"), as: fixture.admin)
        }
        #expect(team?.description == "no team named \"Nowhere\"; `circles team list` shows the teams")
        let person = await #expect(throws: ServiceError.self) {
            try await services.addMembers(team: "North", emails: ["ghost@example.org", "admin@example.org"], role: .member, as: fixture.admin)
        }
        #expect(person?.description.hasPrefix("no person with email ghost@example.org") == true)
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a citizen representative may not schedule meetings or record workshops")
    func citizenRepresentative() async throws {
        let scenario = try await SchedulingScenario.make()
        let services = scenario.fixture.services
        _ = try await services.addPerson(.init(email: "citizen@example.org", displayName: "Grace Bello"), as: scenario.fixture.admin)
        _ = try await services.addMembers(team: "North", emails: ["citizen@example.org"], role: .citizenRepresentative, as: scenario.lead)
        let before = try await scenario.fixture.snapshot()
        let schedule = await #expect(throws: AccessDenied.self) {
            try await services.scheduleAction(scenario.monthly(), as: "citizen@example.org")
        }
        #expect(schedule?.description == "only an administrator or a lead of team \"North\" may schedule meetings; citizen@example.org is a citizen representative there")
        await #expect(throws: AccessDenied.self) {
            try await services.recordWorkshop(.init(team: "North", title: "Another", heldOn: "2026-11-03"), as: "citizen@example.org")
        }
        #expect(try await scenario.fixture.snapshot() == before)
        try await scenario.fixture.tearDown()
    }
}
