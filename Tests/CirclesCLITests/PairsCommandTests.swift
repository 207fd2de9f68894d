import Foundation
import PostgresTestSupport
import Testing

/// `circles pairs scheme|join|leave|pause|exclude|round|met|missed|mentor|mentoring` as people use
/// them, as the application role. North: Lena leads, Max, Nia and Noor are members. South: Sol
/// leads, Sam and Sia are members. Ada is the only administrator.
@Suite("pairing schemes, rounds and mentoring at the command line")
struct PairsCommandTests {
    static let admin = "ada@example.org", lena = "lena@example.org", max = "max@example.org", nia = "nia@example.org"
    static let noor = "noor@example.org", sol = "sol@example.org", sam = "sam@example.org", sia = "sia@example.org"

    struct Setup {
        let database: TestDatabase
        let url: String

        func run(_ arguments: [String], as actor: String) async throws -> CommandResult {
            try await Circles.run(arguments, environment: ["CIRCLES_DATABASE_URL": url, "CIRCLES_ACTOR": actor])
        }

        @discardableResult
        func must(_ arguments: [String], as actor: String = PairsCommandTests.admin) async throws -> String {
            let result = try await run(arguments, as: actor)
            #expect(result.status == 0, "\(arguments) as \(actor): \(result.standardError)")
            return result.standardOutput
        }

        func rows(_ arguments: [String], as actor: String = PairsCommandTests.admin) async throws -> [[String: String]] {
            let output = try await must(arguments + ["--format", "json"], as: actor)
            let parsed = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
            return parsed.map { $0.compactMapValues { $0 as? String } }
        }

        func refusal(_ arguments: [String], as actor: String) async throws -> String {
            let result = try await run(arguments, as: actor)
            #expect(result.status != 0, "\(arguments) as \(actor) should be refused: \(result.standardOutput)")
            return result.standardError
        }
    }

    func prepare() async throws -> Setup {
        let database = try await TestDatabase.make(prefix: "pairs")
        let base = database.url + (database.url.contains("?") ? "&" : "?") + "options=-csearch_path%3D" + database.schema
        #expect(try await Circles.run(["db", "migrate"], environment: ["CIRCLES_DATABASE_URL": base]).status == 0)
        let setup = Setup(database: database, url: base + "%20-crole%3Dcircles_app")
        try await setup.must(["admin", "add", "--email", Self.admin, "--name", "Ada Admin"])
        for (email, name) in [
            (Self.lena, "Lena Lead"), (Self.max, "Max Member"), (Self.nia, "Nia North"), (Self.noor, "Noor <b>New</b>"),
            (Self.sol, "Sol South"), (Self.sam, "Sam South"), (Self.sia, "Sia South"),
        ] {
            try await setup.must(["person", "add", "--email", email, "--name", name])
        }
        try await setup.must(["team", "create", "--name", "North"])
        try await setup.must(["team", "create", "--name", "South"])
        try await setup.must(["team", "add-member", "North", "--email", Self.lena, "--role", "lead"])
        try await setup.must(["team", "add-member", "North", "--email", Self.max, "--email", Self.nia, "--email", Self.noor])
        try await setup.must(["team", "add-member", "South", "--email", Self.sol, "--role", "lead"])
        try await setup.must(["team", "add-member", "South", "--email", Self.sam, "--email", Self.sia])
        return setup
    }

    @Test("a cross-team buddy round pairs only people from different teams, never an excluded pair, and shows as a table, JSON and CSV")
    func buddyRound() async throws {
        let setup = try await prepare()
        try await setup.must([
            "pairs", "scheme", "create", "--name", "Across", "--team", "North", "--team", "South", "--rule", "FREQ=WEEKLY;INTERVAL=4",
            "--start", "2027-01-04T12:30", "--cross-teams", "--membership", "opt-out",
        ])
        // Max asks never to be paired with Sam; the administrator forbids Nia with Sia.
        #expect(try await setup.must(["pairs", "exclude", Self.sam], as: Self.max).contains("will not be paired"))
        try await setup.must(["pairs", "exclude", Self.nia, "--with", Self.sia])
        try await setup.must(["pairs", "leave", "Across"], as: Self.lena)
        try await setup.must(["pairs", "leave", "Across"], as: Self.sol)
        let output = try await setup.must(["pairs", "round", "run", "Across", "--seed", "3", "--format", "json"])
        let groups = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]] ?? []
        // Five take part: Max, Nia and Noor from North, Sam and Sia from South. A trio would put two
        // from one team together, so two pairs form and one person sits out.
        let members = groups.filter { $0["size"] as? String == "pair" }.compactMap { $0["members"] as? String }
        #expect(members.count == 2, "\(output)")
        #expect(groups.filter { $0["size"] as? String == "sat out" }.count == 1, "\(output)")
        for group in members {
            #expect(!(group.contains("Max") && group.contains("Sam")), "excluded pair matched: \(group)")
            #expect(!(group.contains("Nia") && group.contains("Sia")), "forbidden pair matched: \(group)")
        }
        let teams = groups.compactMap { $0["teams"] as? String }
        #expect(teams.allSatisfy { $0.contains("North") && $0.contains("South") }, "\(teams)")
        // The round is in the scheme's listing; show it as CSV and as a table.
        let rounds = try await setup.rows(["pairs", "scheme", "show", "Across"])
        #expect(rounds.first?["round"] == "1")
        let roundID = try #require(rounds.first?["round_id"])
        let csv = try await setup.must(["pairs", "round", "show", roundID, "--format", "csv"], as: Self.nia)
        #expect(csv.hasPrefix("group_id,round,members,teams,size,met,suggested,ends_on,follow_up_id"))
        let table = try await setup.must(["pairs", "round", "show", String(roundID.prefix(8))], as: Self.sam)
        #expect(table.contains("Noor <b>New</b>"))
        // A pair could not meet: the administrator records it.
        let missed = try await #require(setup.rows(["pairs", "round", "show", roundID]).first { $0["size"] == "pair" }?["group_id"])
        #expect(try await setup.must(["pairs", "missed", missed]).contains("could not meet"))
        #expect(try await setup.rows(["pairs", "round", "show", roundID]).first { $0["group_id"] == missed }?["met"] == "missed")
        // Each member got an introduction queued, and each group a follow-up due at the end of the round.
        let queued = try await setup.rows(["reminders", "list"]).filter { $0["kind"] == "pair_introduction" }
        #expect(queued.count == 4)
        try await setup.database.drop()
    }

    @Test("recording that a pair met closes its follow-up and counts as peer support in coverage")
    func metAndMissed() async throws {
        let setup = try await prepare()
        try await setup.must([
            "pairs", "scheme", "create", "--name", "North coffee", "--team", "North", "--rule", "FREQ=WEEKLY", "--start", "2026-11-02T12:30",
        ])
        for person in [Self.max, Self.nia] { try await setup.must(["pairs", "join", "North coffee"], as: person) }
        let groups = try await setup.rows(["pairs", "round", "run", "North coffee", "--seed", "1"], as: Self.lena)
        let group = try #require(groups.first?["group_id"])
        #expect(groups.first?["members"] == "Max Member; Nia North")
        let outsider = try await setup.refusal(["pairs", "met", group], as: Self.sam)
        #expect(outsider.contains("only the pair themselves, an administrator or a lead of the scheme's teams"))
        #expect(try await setup.must(["pairs", "met", group], as: Self.nia).contains("met"))
        let shown = try await setup.rows(["pairs", "round", "show", try #require(setup.rows(["pairs", "scheme", "show", "North coffee"]).first?["round_id"])])
        #expect(shown.first?["met"] == "met")
        let coverage = try await setup.must(["audit", "coverage", "--team", "North"], as: Self.lena)
        #expect(!coverage.contains("Max Member"), "Max met his pair: \(coverage)")
        #expect(coverage.contains("Noor"), "Noor met nobody: \(coverage)")
        let progress = try await setup.must(["audit", "progress", "--team", "North"], as: Self.lena)
        #expect(progress.contains("Peer pairs: 1 round, 1 pair matched, 1 met (100%), repeat rate 0%"), "\(progress)")
        let json = try await setup.must(["audit", "progress", "--team", "North", "--format", "json"], as: Self.lena)
        #expect(json.contains("\"peer_pairs\""), "\(json)")
        try await setup.database.drop()
    }

    @Test("who may do what: leads run their teams' schemes, members only their own membership and list, exclusion lists stay private")
    func access() async throws {
        let setup = try await prepare()
        let network = try await setup.refusal(
            ["pairs", "scheme", "create", "--name", "All", "--network", "--rule", "FREQ=MONTHLY", "--start", "2027-01-04T12:30"], as: Self.lena)
        #expect(network.contains("only an administrator may create pairing schemes for a whole-network scheme"))
        let other = try await setup.refusal(
            ["pairs", "scheme", "create", "--name", "Both", "--team", "North", "--team", "South", "--rule", "FREQ=MONTHLY",
             "--start", "2027-01-04T12:30"], as: Self.lena)
        #expect(other.contains("only an administrator or a lead of team \"South\" may create pairing schemes"))
        try await setup.must(["pairs", "scheme", "create", "--name", "North coffee", "--team", "North", "--rule", "FREQ=MONTHLY", "--start", "2027-01-04T12:30"], as: Self.lena)
        #expect(try await setup.refusal(["pairs", "round", "run", "North coffee"], as: Self.max).contains("may run pairing rounds"))
        #expect(try await setup.refusal(["pairs", "join", "North coffee", "--person", Self.nia], as: Self.max).contains("may change nia@example.org's membership"))
        #expect(try await setup.refusal(["pairs", "join", "North coffee"], as: Self.sam).contains("is not in the teams of scheme"))
        try await setup.must(["pairs", "pause", "North coffee", "--until", "2027-03-01"], as: Self.max)
        #expect(try await setup.refusal(["pairs", "pause", "North coffee", "--until", "2020-01-01"], as: Self.max).contains("is in the past"))
        // Exclusion lists: the owner and administrators only, not even the owner's lead.
        try await setup.must(["pairs", "exclude", Self.nia], as: Self.max)
        #expect(try await setup.rows(["pairs", "exclude", "--list"], as: Self.max).map { $0["email"] } == [Self.nia])
        #expect(try await setup.rows(["pairs", "exclude", "--list", "--owner", Self.max]).map { $0["email"] } == [Self.nia])
        #expect(try await setup.refusal(["pairs", "exclude", "--list", "--owner", Self.max], as: Self.lena).contains("may see or change max@example.org's pairing exclusions"))
        #expect(try await setup.refusal(["pairs", "exclude", Self.sam, "--with", Self.sia], as: Self.lena).contains("only an administrator may forbid a pair"))
        #expect(try await setup.refusal(["pairs", "exclude", Self.max], as: Self.max).contains("cannot exclude themselves"))
        // South cannot see North's scheme.
        #expect(try await setup.rows(["pairs", "scheme", "list"], as: Self.sam).isEmpty)
        #expect(try await setup.refusal(["pairs", "scheme", "show", "North coffee"], as: Self.sam).contains("may see it"))
        // Bad input is named.
        #expect(try await setup.refusal(["pairs", "scheme", "create", "--name", "X", "--team", "North", "--rule", "FREQ=HOURLY", "--start", "2027-01-04T12:30"], as: Self.lena)
            .contains("must repeat daily, weekly, monthly or yearly"))
        #expect(try await setup.refusal(["pairs", "scheme", "create", "--name", "X", "--team", "North", "--kind", "speed-dating", "--rule", "FREQ=WEEKLY", "--start", "2027-01-04T12:30"], as: Self.lena)
            .contains("unknown kind \"speed-dating\"; expected one of buddy, mentoring"))
        try await setup.database.drop()
    }

    @Test("a mentoring round gives new starters a mentor within capacity, one at a time, until the pair is ended")
    func mentoring() async throws {
        let setup = try await prepare()
        try await setup.must([
            "pairs", "scheme", "create", "--name", "Mentors", "--kind", "mentoring", "--team", "North", "--team", "South",
            "--rule", "FREQ=MONTHLY", "--start", "2027-01-04T10:00", "--cross-teams",
        ])
        try await setup.must(["pairs", "mentor", "add", "Mentors", "--person", Self.sol, "--capacity", "1"])
        #expect(try await setup.refusal(["pairs", "mentor", "add", "Mentors", "--person", Self.sam, "--capacity", "30"], as: Self.admin).contains("expected 0 to 20"))
        try await setup.must(["pairs", "join", "Mentors", "--started", "2026-12-01"], as: Self.noor)
        try await setup.must(["pairs", "join", "Mentors", "--started", "2020-05-01"], as: Self.max)
        let first = try await setup.rows(["pairs", "round", "run", "Mentors"])
        #expect(first.first?["members"] == "Noor <b>New</b>; Sol South", "the new starter comes first: \(first)")
        #expect(first.contains { $0["members"] == "Max Member" && $0["size"] == "sat out" })
        // Noor keeps her mentor; Max still waits while Sol is full.
        let second = try await setup.rows(["pairs", "round", "run", "Mentors"])
        #expect(second.allSatisfy { $0["size"] == "sat out" })
        let pairs = try await setup.rows(["pairs", "scheme", "show", "Mentors", "--mentoring-pairs"])
        let pair = try #require(pairs.first { $0["status"] == "active" }?["pair_id"])
        #expect(try await setup.must(["pairs", "mentoring", "end", pair, "--reason", "Probation completed"], as: Self.noor).contains("has ended"))
        let third = try await setup.rows(["pairs", "round", "run", "Mentors"])
        #expect(third.first?["members"] == "Max Member; Sol South")
        try await setup.database.drop()
    }
}
