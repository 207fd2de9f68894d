import Foundation
import PostgresTestSupport
import Testing

/// The attacks of issue 12 (items 1 and 2), tried at the command line as the application role.
/// North: Lena leads, Max is a member, Nia is a member. South: Sol leads, Cyd is a citizen
/// representative, Nia is a member. Ada is the only administrator. South has a monthly series
/// whose first meeting was held and raised a safeguarding follow-up.
@Suite("who may change and read what, at the command line")
struct AccessCommandTests {
    struct Setup {
        let database: TestDatabase
        let appURL: String
        let series: String
        let meetings: [String]
        let action: String

        func run(_ arguments: [String], as actor: String) async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": appURL, "CIRCLES_ACTOR": actor])
        }

        /// Runs a command that must succeed and returns its JSON rows (null cells left out).
        func rows(_ arguments: [String], as actor: String) async throws -> [[String: String]] {
            let result = try await run(arguments + ["--format", "json"], as: actor)
            #expect(result.status == 0, "\(arguments) as \(actor): \(result.standardError)")
            let parsed = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]] ?? []
            return parsed.map { $0.compactMapValues { $0 as? String } }
        }

        /// Runs a command that must be refused and returns its message.
        func refusal(_ arguments: [String], as actor: String) async throws -> String {
            let result = try await run(arguments, as: actor)
            #expect(result.status == 1, "\(arguments) as \(actor) should be refused: \(result.standardOutput)")
            #expect(result.standardOutput.isEmpty)
            return result.standardError
        }
    }

    static let admin = "ada@example.org", lena = "lena@example.org", max = "max@example.org", nia = "nia@example.org"
    static let sol = "sol@example.org", cyd = "cyd@example.org"

    func prepare() async throws -> Setup {
        let database = try await TestDatabase.make(prefix: "access")
        let base = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        #expect(try await Circles.run(["db", "migrate"], environment: ["CIRCLES_DATABASE_URL": base]).status == 0)
        var setup = Setup(database: database, appURL: base + "%20-crole%3Dcircles_app", series: "", meetings: [], action: "")
        func must(_ arguments: [String], as actor: String = Self.admin) async throws -> String {
            let result = try await setup.run(arguments, as: actor)
            #expect(result.status == 0, "\(arguments): \(result.standardError)")
            return result.standardOutput
        }
        _ = try await must(["admin", "add", "--email", Self.admin, "--name", "Ada Admin"])
        for (email, name) in [(Self.lena, "Lena Lead"), (Self.max, "Max Member"), (Self.nia, "Nia Both"), (Self.sol, "Sol South"), (Self.cyd, "Cyd Citizen")] {
            _ = try await must(["person", "add", "--email", email, "--name", name])
        }
        _ = try await must(["team", "create", "--name", "North"])
        _ = try await must(["team", "create", "--name", "South"])
        _ = try await must(["team", "add-member", "North", "--email", Self.lena, "--role", "lead"])
        _ = try await must(["team", "add-member", "North", "--email", Self.max, "--email", Self.nia])
        _ = try await must(["team", "add-member", "South", "--email", Self.sol, "--role", "lead"])
        _ = try await must(["team", "add-member", "South", "--email", Self.nia])
        _ = try await must(["team", "add-member", "South", "--email", Self.cyd, "--role", "citizen-representative"])
        _ = try await must(["workshop", "record", "--team", "South", "--title", "South workshop", "--date", "2026-11-03"], as: Self.sol)
        _ = try await must(["action", "add", "--workshop", "South workshop", "--title", "Peer support", "--perspective", "practitioner"], as: Self.sol)
        let action = try await #require(try setup.rows(["action", "list", "--workshop", "South workshop"], as: Self.sol).first?["id"])
        _ = try await must([
            "action", "schedule", action, "--rule", "FREQ=MONTHLY;BYDAY=2TU", "--start", "2026-11-10T14:00", "--end", "15:30",
            "--facilitator", Self.sol, "--whole-team",
        ], as: Self.sol)
        let meetings = try await setup.rows(["meeting", "list", "--team", "South", "--from", "2026-11-01", "--days", "120"], as: Self.sol).compactMap { $0["id"] }
        _ = try await must(["meeting", "hold", meetings[0], "--attended", Self.sol, "--notes", "Discussed a case"], as: Self.sol)
        _ = try await must(["followup", "add", "--meeting", meetings[0], "--title", "Refer J. Smith to safeguarding", "--owner", Self.sol], as: Self.sol)
        let series = try await #require(try setup.rows(["action", "show", action], as: Self.sol).first?["series_id"])
        setup = Setup(database: database, appURL: setup.appURL, series: series, meetings: meetings, action: action)
        return setup
    }

    @Test("a lead who adds the administrator to their team can neither change the administrator's address nor deactivate or demote them")
    func leadCannotTakeOverAnAdministrator() async throws {
        let setup = try await prepare()
        #expect(try await setup.run(["team", "add-member", "North", "--email", Self.admin], as: Self.lena).status == 0)
        #expect(
            try await setup.refusal(["person", "update", Self.admin, "--email", "attacker@evil.example"], as: Self.lena)
                == "error: only an administrator may change the email address of an administrator; lena@example.org is not one\n")
        #expect(
            try await setup.refusal(["person", "deactivate", Self.admin], as: Self.lena)
                == "error: only an administrator may deactivate an administrator; lena@example.org is not one\n")
        #expect(
            try await setup.refusal(["admin", "remove", Self.admin], as: Self.lena)
                == "error: only an administrator may remove administrators; lena@example.org is not one\n")
        let people = try await setup.rows(["person", "list"], as: Self.admin)
        #expect(people.contains { $0["email"] == Self.admin && $0["active"] == "yes" })
        #expect(!people.contains { $0["email"] == "attacker@evil.example" })
        try await setup.database.drop()
    }

    @Test("a lead changes only people every one of whose teams they lead; a person changes their own name but not their address")
    func leadsChangeOnlyTheirOwnPeople() async throws {
        let setup = try await prepare()
        #expect(
            try await setup.refusal(["person", "update", Self.nia, "--email", "nia@evil.example"], as: Self.lena)
                == "error: only an administrator or a lead of every team nia@example.org is in may change the email address of nia@example.org; lena@example.org does not lead \"South\"\n")
        #expect(try await setup.run(["person", "deactivate", Self.nia], as: Self.lena).status == 1)
        #expect(try await setup.run(["person", "update", Self.max, "--name", "Max Mustermann"], as: Self.lena).status == 0)
        #expect(try await setup.run(["person", "update", Self.max, "--time-zone", "Europe/Dublin", "--disable-emails"], as: Self.max).status == 0)
        #expect(
            try await setup.refusal(["person", "update", Self.max, "--email", "max@elsewhere.example"], as: Self.max)
                == "error: only an administrator or a lead of every team max@example.org is in may change the email address of max@example.org; max@example.org does not lead \"North\"\n")
        #expect(try await setup.run(["person", "deactivate", Self.max], as: Self.lena).status == 0)
        try await setup.database.drop()
    }

    @Test("the last active administrator cannot be deactivated or demoted; only administrators reactivate")
    func lastAdministrator() async throws {
        let setup = try await prepare()
        let last = "error: ada@example.org is the last active administrator and cannot be %@: make another person an administrator first (`circles admin add`)\n"
        #expect(try await setup.refusal(["person", "deactivate", Self.admin], as: Self.admin) == last.replacingOccurrences(of: "%@", with: "deactivated"))
        #expect(try await setup.refusal(["admin", "remove", Self.admin], as: Self.admin) == last.replacingOccurrences(of: "%@", with: "removed as administrator"))

        let ben = "ben@example.org"
        #expect(try await setup.run(["admin", "add", "--email", ben, "--name", "Ben Admin"], as: Self.admin).status == 0)
        #expect(try await setup.run(["person", "deactivate", Self.admin], as: Self.admin).status == 0)
        #expect(
            try await setup.refusal(["person", "reactivate", Self.admin], as: Self.lena)
                == "error: only an administrator may reactivate people; lena@example.org is not one\n")
        let reactivated = try await setup.run(["person", "reactivate", Self.admin], as: ben)
        #expect(reactivated.status == 0, "\(reactivated.standardError)")
        #expect(reactivated.standardOutput == "reactivated Ada Admin <ada@example.org>\n")
        #expect(try await setup.refusal(["person", "reactivate", Self.admin], as: ben) == "error: ada@example.org is already active\n")
        let demoted = try await setup.run(["admin", "remove", ben], as: Self.admin)
        #expect(demoted.standardOutput == "Ben Admin <ben@example.org> is no longer an administrator\n")
        #expect(try await setup.refusal(["team", "create", "--name", "East"], as: ben) == "error: only an administrator may create teams; ben@example.org is not one\n")
        #expect(try await setup.refusal(["admin", "remove", Self.admin], as: Self.admin) == last.replacingOccurrences(of: "%@", with: "removed as administrator"))
        try await setup.database.drop()
    }

    @Test("a member of North cannot read South's meetings, agenda, series, actions, members or a South lead's meetings")
    func readsStayInYourTeams() async throws {
        let setup = try await prepare()
        let notInSouth = { (what: String) in
            "error: only an administrator or someone in team \"South\" may see its \(what); max@example.org is not in that team\n"
        }
        #expect(try await setup.refusal(["meeting", "list", "--team", "South"], as: Self.max) == notInSouth("meetings"))
        #expect(try await setup.refusal(["meeting", "list", "--series", setup.series], as: Self.max) == notInSouth("meetings"))
        #expect(try await setup.refusal(["meeting", "agenda", setup.meetings[1]], as: Self.max) == notInSouth("agendas"))
        #expect(try await setup.refusal(["series", "show", setup.series], as: Self.max) == notInSouth("meeting series"))
        #expect(try await setup.refusal(["action", "list", "--workshop", "South workshop"], as: Self.max) == notInSouth("action items"))
        #expect(try await setup.refusal(["action", "show", setup.action], as: Self.max) == notInSouth("action items"))
        #expect(try await setup.refusal(["team", "members", "South"], as: Self.max) == notInSouth("members"))
        #expect(try await setup.refusal(["workshop", "list", "--team", "South"], as: Self.max) == notInSouth("workshops"))
        #expect(
            try await setup.refusal(["meeting", "list", "--person", Self.sol], as: Self.max)
                == "error: only an administrator, sol@example.org themselves or a lead of one of their teams may list sol@example.org's meetings; max@example.org is none of these\n")
        #expect(
            try await setup.refusal(["meeting", "list", "--person", "nobody@example.org"], as: Self.max)
                == "error: only an administrator, nobody@example.org themselves or a lead of one of their teams may list nobody@example.org's meetings; max@example.org is none of these\n")
        #expect(
            try await setup.refusal(["audit", "progress", "--team", "South"], as: Self.cyd)
                == "error: only an administrator or a lead of team \"South\" may read its progress report; cyd@example.org is a citizen representative there\n")
        #expect(try await setup.rows(["team", "list"], as: Self.max).map { $0["name"] } == ["North"])
        #expect(try await setup.rows(["workshop", "list"], as: Self.max).isEmpty)
        #expect(try await setup.rows(["workshop", "list"], as: Self.admin).count == 1)

        // Within South, its citizen representative reads the agenda; a lead of Nia's other team does not see South's meetings.
        let agenda = try await setup.rows(["meeting", "agenda", setup.meetings[1]], as: Self.cyd)
        #expect(agenda.map { $0["title"] } == ["Refer J. Smith to safeguarding"])
        let window = ["--from", "2026-11-01", "--days", "120"]
        #expect(try await setup.rows(["meeting", "list", "--person", Self.nia] + window, as: Self.sol).count == setup.meetings.count)
        #expect(try await setup.rows(["meeting", "list", "--person", Self.nia] + window, as: Self.lena).isEmpty)
        #expect(try await setup.rows(["meeting", "list", "--person", Self.nia] + window, as: Self.nia).count == setup.meetings.count)
        try await setup.database.drop()
    }

    @Test("addresses are shown only to administrators, the person themselves and leads of their teams; others see names")
    func addressesAreScoped() async throws {
        let setup = try await prepare()
        let byName = { (rows: [[String: String]]) in Dictionary(uniqueKeysWithValues: rows.map { ($0["name"] ?? "", $0["email"]) }) }

        let seenByMax = byName(try await setup.rows(["person", "list", "--all"], as: Self.max))
        #expect(seenByMax == ["Lena Lead": nil, "Max Member": Self.max, "Nia Both": nil])
        let seenByLena = byName(try await setup.rows(["person", "list", "--all"], as: Self.lena))
        #expect(seenByLena == ["Lena Lead": Self.lena, "Max Member": Self.max, "Nia Both": Self.nia])
        #expect(byName(try await setup.rows(["person", "list", "--all"], as: Self.admin)).count == 6)

        let southByCyd = try await setup.rows(["team", "members", "South"], as: Self.cyd)
        #expect(southByCyd.map { $0["name"] } == ["Sol South", "Cyd Citizen", "Nia Both"])
        #expect(southByCyd.map { $0["email"] } == [nil, Self.cyd, nil])
        #expect(southByCyd.map { $0["role"] } == ["lead", "citizen-representative", "member"])
        let southBySol = try await setup.rows(["team", "members", "South"], as: Self.sol)
        #expect(southBySol.map { $0["email"] } == [Self.sol, Self.cyd, Self.nia])
        let table = try await setup.run(["person", "list"], as: Self.max).standardOutput
        #expect(!table.contains(Self.lena) && table.contains("Lena Lead"))
        try await setup.database.drop()
    }
}
