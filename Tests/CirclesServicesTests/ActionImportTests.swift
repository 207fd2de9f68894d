import CirclesDomain
import CirclesServices
import Foundation
import Testing

@Suite("importing a workshop's action items from CSV or JSON")
struct ActionImportTests {
    static let team = "Adult Social Care – North"
    static let workshop = "Whose Shoes? personalisation workshop"

    /// A fixture with the north team, its lead, three social workers, a citizen representative and the workshop.
    private func setUp() async throws -> ServiceFixture {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        _ = try await services.createTeam(name: Self.team, timeZone: "Europe/London", as: fixture.admin)
        let people = [
            ("lead@council.example", "Priya Shah"), ("sw1@council.example", "Sol Worker"),
            ("sw2@council.example", "Sam Okafor"), ("sw3@council.example", "Jo Reid"),
            ("citizen@council.example", "Chris Citizen"),
        ]
        for (email, name) in people {
            _ = try await services.addPerson(.init(email: email, displayName: name), as: fixture.admin)
        }
        _ = try await services.addMembers(team: Self.team, emails: ["lead@council.example"], role: .lead, as: fixture.admin)
        _ = try await services.recordWorkshop(
            .init(team: Self.team, title: Self.workshop, heldOn: "2026-11-10", facilitatorEmail: "lead@council.example"),
            as: fixture.admin)
        return fixture
    }

    private func fixtureFile(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    private func importFile(_ name: String, format: ImportFormat = .csv, into fixture: ServiceFixture, as actor: String = "lead@council.example")
        async throws -> CirclesServices.ImportedActions
    {
        try await fixture.services.importActions(
            from: try fixtureFile(name), format: format, fileName: name, workshop: Self.workshop, as: actor)
    }

    private func importText(_ text: String, format: ImportFormat = .csv, into fixture: ServiceFixture) async throws
        -> CirclesServices.ImportedActions
    {
        try await fixture.services.importActions(
            from: Data(text.utf8), format: format, fileName: "actions.\(format.rawValue)", workshop: Self.workshop,
            as: "lead@council.example")
    }

    private func personID(_ email: String, in fixture: ServiceFixture) async throws -> String? {
        try await fixture.services.listPeople(includeInactive: false, as: fixture.admin).first { $0.email == email }?.id
    }

    @Test("a CSV with quoted commas, quotes and line breaks, aliased headers and blank optional fields imports every row as written")
    func goodCSV() async throws {
        let fixture = try await setUp()
        let imported = try await importFile("good-actions.csv", into: fixture)
        #expect(imported.workshop.title == Self.workshop)
        let items = imported.items
        try #require(items.count == 3)
        #expect(items[0].title == "Set up regular peer-support meetings for social workers")
        #expect(items[0].perspective == .practitioner)
        #expect(items[0].description == "Monthly, in protected time.\nFacilitation rotates among the social workers.")
        #expect(items[0].sourceCardText == "As social workers, we are able to share problems and extend examples of good practice")
        #expect(items[0].ownerID == (try await personID("lead@council.example", in: fixture)))
        #expect(items[0].dueOn == "2027-01-31")
        #expect(items[0].status == .open)
        #expect(items[1].title == "Offer every carer a \"what matters to you\" conversation")
        #expect(items[1].perspective == .carer)
        #expect(items[1].description == nil)
        #expect(items[1].ownerID == (try await personID("sw1@council.example", in: fixture)))
        #expect(items[1].dueOn == nil)
        #expect(items[2].perspective == .serviceUser)
        #expect(items[2].sourceCardText == nil)
        #expect(items[2].ownerID == nil)
        let listed = try await fixture.services.listActions(workshop: Self.workshop, as: "lead@council.example")
        #expect(Set(listed) == Set(items))
        try await fixture.tearDown()
    }

    @Test("the demo CSV shipped for make demo imports, with the peer-support meetings action from its card")
    func demoCSV() async throws {
        let fixture = try await setUp()
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../deploy/local/demo/whose-shoes-actions.csv").standardized
        let imported = try await fixture.services.importActions(
            from: try Data(contentsOf: path), format: .csv, fileName: "whose-shoes-actions.csv", workshop: Self.workshop,
            as: "lead@council.example")
        #expect(imported.items.count == 6)
        #expect(Set(imported.items.map(\.perspective)) == Set(Perspective.allCases))
        let peerSupport = try #require(imported.items.first { $0.title == "Set up regular peer-support meetings for social workers" })
        #expect(peerSupport.perspective == .practitioner)
        #expect(peerSupport.sourceCardText == "As social workers, we are able to share problems and extend examples of good practice")
        #expect(peerSupport.ownerID == (try await personID("lead@council.example", in: fixture)))
        try await fixture.tearDown()
    }

    @Test("a bad date on line 7 and an unknown owner on line 9 are both reported by line, after a two-line record, and nothing is written")
    func badRowsChangeNothing() async throws {
        let fixture = try await setUp()
        let before = try await fixture.snapshot()
        let error = await #expect(throws: ImportError.self) { try await importFile("bad-rows.csv", into: fixture) }
        #expect(error?.code == .invalidRows)
        #expect(error?.problems.map(\.line) == [7, 9])
        #expect(
            error?.description == """
                2 rows of bad-rows.csv are invalid; nothing was imported:
                  line 7: invalid due date "2026-02-30"; expected a calendar date as YYYY-MM-DD, e.g. 2026-12-08
                  line 9: unknown owner nobody@council.example: no person with that email
                """)
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a CSV without the perspective column is refused naming the column, and nothing is written")
    func missingColumnChangesNothing() async throws {
        let fixture = try await setUp()
        let before = try await fixture.snapshot()
        let error = await #expect(throws: ImportError.self) { try await importFile("missing-column.csv", into: fixture) }
        #expect(error?.code == .invalidHeader)
        #expect(
            error?.description == """
                the header row of missing-column.csv is invalid; nothing was imported:
                  line 1: missing required column "perspective"; the header has "title", "description", "owner", "due"
                """)
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("unknown and repeated columns are named, with the accepted columns listed")
    func unknownColumns() async throws {
        let fixture = try await setUp()
        let error = await #expect(throws: ImportError.self) {
            try await importText("title,Perspective,Priority,owner,Owner Email,team\nA,carer,high,,,North\n", into: fixture)
        }
        #expect(
            error?.problems.map(\.description) == [
                "line 1: columns \"owner\" and \"Owner Email\" both give the owner_email; keep one",
                "line 1: unknown columns \"Priority\", \"team\"; accepted: title, perspective, description (or details), source_card_text (or card, source card, card text), owner_email (or owner), due_date (or due, due on)",
            ])
        try await fixture.tearDown()
    }

    @Test("every problem in every row is reported, including rows with the wrong number of fields")
    func everyProblemReported() async throws {
        let fixture = try await setUp()
        let csv = """
            title,perspective,due,owner
            ,carers,2027-13-01,not-an-email
            Pair new social workers with a mentor,practitioner,2027-01-31,sw1@council.example,extra
            Pair new social workers with a mentor,,,
            """
        let error = await #expect(throws: ImportError.self) { try await importText(csv, into: fixture) }
        #expect(error?.summary == "3 rows of actions.csv are invalid; nothing was imported")
        #expect(
            error?.problems.map(\.description) == [
                "line 2: a title is required",
                "line 2: unknown perspective \"carers\"; expected one of service-user, carer, practitioner, manager, organisation",
                "line 2: invalid due date \"2027-13-01\"; expected a calendar date as YYYY-MM-DD, e.g. 2026-12-08",
                "line 2: invalid email address \"not-an-email\": it must contain exactly one @; expected a form like name@example.org",
                "line 3: 5 fields but the header has 4 columns; put quotes around values that contain commas, e.g. \"Leeds, West Yorkshire\"",
                "line 4: a perspective is required; expected one of service-user, carer, practitioner, manager, organisation",
            ])
        try await fixture.tearDown()
    }

    @Test("Windows line endings and a byte-order mark, as Excel saves CSV, give the same line numbers")
    func excelCSV() async throws {
        let fixture = try await setUp()
        let csv = "\u{FEFF}title,perspective,description\r\nA,carer,\"two\r\nlines\"\r\nB,nobody,\r\n"
        let error = await #expect(throws: ImportError.self) { try await importText(csv, into: fixture) }
        #expect(error?.problems.map(\.line) == [4])
        let imported = try await importText(csv.replacingOccurrences(of: "nobody", with: "manager"), into: fixture)
        #expect(imported.items.map(\.title) == ["A", "B"])
        // A multi-line field keeps its line break, stored as a line feed (TextRule).
        #expect(imported.items.first?.description == "two\nlines")
        try await fixture.tearDown()
    }

    @Test("an empty file, a header without rows, a blank-only file, non-UTF-8 bytes and an unclosed quote each have their own message")
    func unreadableFiles() async throws {
        let fixture = try await setUp()
        let before = try await fixture.snapshot()
        let cases: [(Data, String)] = [
            (Data(), "actions.csv is empty; expected a header row naming the columns and one action item per row"),
            (Data("title,perspective\n\n,,\n".utf8), "actions.csv has a header row but no action items"),
            (
                Data("title,perspective\nA,carer\nCaf".utf8) + Data([0xE9]) + Data(",carer\n".utf8),
                "actions.csv is not UTF-8 text (the first invalid byte is on line 3); save it as UTF-8 (in Excel: \"CSV UTF-8\") and import it again"
            ),
            (
                Data("title,perspective\n\"A,carer\nB,carer\n".utf8),
                "actions.csv is not well-formed CSV; nothing was imported:\n  line 2: a quoted field is opened but never closed, so the rest of the file runs into it; close it with \" (write \"\" for a quote inside a quoted field)"
            ),
        ]
        for (data, message) in cases {
            let error = await #expect(throws: ImportError.self) {
                try await fixture.services.importActions(
                    from: data, format: .csv, fileName: "actions.csv", workshop: Self.workshop, as: "lead@council.example")
            }
            #expect(error?.description == message)
        }
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a JSON array of objects imports, with the same keys and aliases as the CSV columns")
    func goodJSON() async throws {
        let fixture = try await setUp()
        let imported = try await importFile("actions.json", format: .json, into: fixture)
        try #require(imported.items.count == 2)
        #expect(imported.items[0].sourceCardText == "As social workers, we are able to share problems and extend examples of good practice")
        #expect(imported.items[0].dueOn == "2027-01-31")
        #expect(imported.items[1].description == "Add the offer to the first-contact script,\nand record the answer.")
        #expect(imported.items[1].ownerID == (try await personID("sw1@council.example", in: fixture)))
        #expect(imported.items[1].dueOn == nil)
        try await fixture.tearDown()
    }

    @Test("bad JSON objects are reported by the line they start on, and malformed JSON by the line of the fault")
    func badJSON() async throws {
        let fixture = try await setUp()
        let before = try await fixture.snapshot()
        let error = await #expect(throws: ImportError.self) { try await importFile("bad-actions.json", format: .json, into: fixture) }
        #expect(
            error?.description == """
                2 rows of bad-actions.json are invalid; nothing was imported:
                  line 3: "due_date" must be a string in quotes, e.g. "due_date": "…"
                  line 3: unknown perspective "family"; expected one of service-user, carer, practitioner, manager, organisation
                  line 8: unknown key "priority"; accepted: title, perspective, description (or details), source_card_text (or card, source card, card text), owner_email (or owner), due_date (or due, due on)
                  line 8: a title is required
                """)
        let malformed = await #expect(throws: ImportError.self) {
            try await importText("[\n  {\"title\": \"A\", \"perspective\": \"carer\"},\n  {\"title\": B}\n]\n", format: .json, into: fixture)
        }
        #expect(malformed?.code == .malformed)
        #expect(malformed?.problems.first?.line == 3)
        let notArray = await #expect(throws: ImportError.self) {
            try await importText("{\"title\": \"A\", \"perspective\": \"carer\"}", format: .json, into: fixture)
        }
        #expect(notArray?.summary.hasPrefix("actions.json is not a list of action items; expected a JSON array of objects") == true)
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }

    @Test("a lead importing into another team's workshop is refused and nothing is written")
    func otherTeamRefused() async throws {
        let fixture = try await setUp()
        let services = fixture.services
        _ = try await services.createTeam(name: "South", timeZone: "Europe/London", as: fixture.admin)
        _ = try await services.addPerson(.init(email: "south.lead@council.example", displayName: "Sam South"), as: fixture.admin)
        _ = try await services.addMembers(team: "South", emails: ["south.lead@council.example"], role: .lead, as: fixture.admin)
        let before = try await fixture.snapshot()
        let refused = await #expect(throws: AccessDenied.self) {
            try await importFile("good-actions.csv", into: fixture, as: "south.lead@council.example")
        }
        #expect(
            refused?.description
                == "only an administrator or a lead of team \"Adult Social Care – North\" may import action items; south.lead@council.example is not in that team")
        #expect(try await fixture.snapshot() == before)
        try await fixture.tearDown()
    }
}
