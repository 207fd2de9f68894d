import CirclesDomain
import Foundation
import LinkTokens
import PostgresTestSupport
import Testing

/// A round of two pairs in North (the lead sits out), its introductions sent by `circles-worker
/// run --once` with signed links on, and the mail read back.
struct WebPairSetup {
    let web: WebTestSetup
    /// Each group's id and members, as `circles pairs round run` showed them.
    let groups: [(id: String, members: String)]
    let roundID: String

    static func make(prefix: String) async throws -> WebPairSetup {
        let scenario = try await WorkerScenario.make(
            prefix: prefix,
            members: [
                ("lead@example.org", "Priya Shah"), ("sw1@example.org", "Siân Jones"), ("sw2@example.org", "Jo Whitfield"),
                ("sw3@example.org", "Kim Lee"), ("sw4@example.org", "Ola Berg"),
            ],
            lead: "lead@example.org")
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("circles-web-spool-\(UUID().uuidString)")
        _ = try await scenario.circles([
            "pairs", "scheme", "create", "--name", "North coffee", "--team", "North", "--rule", "FREQ=WEEKLY;INTERVAL=2",
            "--start", "\(WorkerScenario.day(inDays: 1))T12:30", "--membership", "opt-out", "--action", scenario.actionID,
        ])
        let round = try await scenario.circles(["pairs", "round", "run", "North coffee", "--seed", "5", "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(round.utf8)) as? [[String: Any]] ?? []
        let groups = rows.compactMap { row -> (String, String)? in
            guard let id = row["group_id"] as? String, let members = row["members"] as? String, !id.isEmpty else { return nil }
            return (id, members)
        }
        var setup = WebTestSetup(scenario: scenario, spool: spool, mail: [], meetingID: "")
        let sent = try await runWorker(["run", "--once"], environment: setup.environment())
        guard sent.status == 0 else { throw TestSetupError("the worker failed: \(sent.standardError)") }
        setup = WebTestSetup(scenario: scenario, spool: spool, mail: try await SpooledMail.read(spool), meetingID: "")
        let roundID = try await setup.rows("SELECT id FROM pairing_rounds").first ?? ""
        return WebPairSetup(web: setup, groups: groups, roundID: String(roundID.dropFirst().dropLast()))
    }

    /// The "we met" (`met`) or "we couldn't" (`missed`) link in a message's text part.
    static func link(_ outcome: String, in message: SpooledMail.Message) throws -> String {
        let pattern = #"https://circles\.example\.org/circles/p/[A-Za-z0-9_-]{74}\?a="# + outcome
        guard let range = message.text.range(of: pattern, options: .regularExpression) else {
            throw TestSetupError("no \(outcome) link in: \(message.text)")
        }
        return String(message.text[range])
    }

    /// The token in a link.
    static func token(_ link: String) -> String {
        String(link.split(separator: "/").last?.split(separator: "?").first ?? "")
    }

    /// What a pair's record and the audit log look like, to prove a request changed nothing.
    func state() async throws -> [String] {
        try await web.rows("SELECT id, met FROM pairing_groups ORDER BY id")
            + web.rows("SELECT status FROM follow_ups ORDER BY id")
            + web.rows("SELECT count(*) FROM audit_log")
    }
}

/// circles-web behind an introduction's "we met" / "we couldn't" links: the same rules as the
/// answer links (GET changes nothing, POST needs the page's form value and this site, bad links
/// are a plain 404), and the POST records what `circles pairs met|missed` records.
@Suite("circles-web: saying from a pair introduction whether the pair met", .serialized)
struct WebPairLinkTests {
    @Test("a link from the introduction opens a page that changes nothing; its button records that the pair met, audited, as `circles pairs met` would")
    func linkFromTheMailRecordsTheMeeting() async throws {
        let setup = try await WebPairSetup.make(prefix: "webpair")
        let web = try await WebProcess(environment: setup.web.environment())
        let message = try setup.web.message(to: "sw1@example.org", "Your peer pair")
        let met = try WebPairSetup.link("met", in: message)
        #expect(try WebPairSetup.link("missed", in: message).hasPrefix(met.dropLast(3)), "one token, two suggestions")
        #expect(message.html.contains(met), "the HTML part carries the link too")
        let group = try #require(setup.groups.first { $0.members.contains("Siân Jones") })
        let partner = group.members.replacingOccurrences(of: "Siân Jones", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "; "))

        let before = try await setup.state()
        for _ in 0..<3 {
            let page = try await HTTPExchange.run("GET", web.local(met))
            #expect(page.status == 200)
            #expect(page.body.contains("North coffee") && page.body.contains(partner), "\(page.body)")
            #expect(page.body.contains(#"value="met""#) && page.body.contains(#"value="missed""#))
            #expect(!page.body.contains("Priya") && !page.body.contains("<script"))
            #expect(page.headers["cache-control"] == "no-store")
            #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
        }
        #expect(try await setup.state() == before, "GET wrote nothing")

        let page = try await HTTPExchange.run("GET", web.local(met))
        let form = try WebLinkTests.formToken(in: page.body)
        let post = web.local(met).split(separator: "?").first.map(String.init) ?? ""
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"]
        // No form value, or one from another site: refused, nothing written.
        #expect(try await HTTPExchange.run("POST", post, headers: headers, body: "outcome=met").status == 403)
        #expect(try await HTTPExchange.run("POST", post, headers: ["Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"], body: "form=\(form)&outcome=met").status == 403)
        #expect(try await HTTPExchange.run("POST", post, headers: headers, body: "form=\(form)&outcome=maybe").status == 400)
        #expect(try await setup.state() == before)

        let saved = try await HTTPExchange.run("POST", post, headers: headers, body: "form=\(form)&outcome=met")
        #expect(saved.status == 303)
        #expect(saved.headers["location"] == "/circles/p/\(WebPairSetup.token(met))?saved=1")
        #expect(try await setup.web.rows("SELECT met FROM pairing_groups WHERE id = '\(group.id)'") == ["(t)"])
        #expect(try await setup.web.rows("""
            SELECT f.status FROM follow_ups f WHERE f.origin_pairing_group_id = '\(group.id)'
            """) == ["(done)"])
        #expect(try await setup.web.rows("""
            SELECT actor_label, action FROM audit_log WHERE action = 'pairs.met' GROUP BY actor_label, action
            """) == ["(link:sw1@example.org,pairs.met)"])
        let after = try await HTTPExchange.run("GET", web.local(post + "?saved=1"))
        #expect(after.body.contains("Thank you, saved: <strong>you met</strong>"), "\(after.body)")
        // The round as `circles pairs round show` shows it.
        let shown = try await setup.web.scenario.circles(["pairs", "round", "show", setup.roundID, "--format", "json"])
        let rows = try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [[String: Any]] ?? []
        #expect(rows.first { ($0["group_id"] as? String) == group.id }?["met"] as? String == "met", "\(shown)")
        // Posting the same again writes nothing more.
        let audited = try await setup.web.rows("SELECT count(*) FROM audit_log")
        #expect(try await HTTPExchange.run("POST", post, headers: headers, body: "form=\(form)&outcome=met").status == 303)
        #expect(try await setup.web.rows("SELECT count(*) FROM audit_log") == audited)
        try await setup.web.tearDown()
    }

    @Test("a signed link for a pair its person is not in, or for another person, is the same plain 404 and records nothing")
    func linksAreBoundToPairAndPerson() async throws {
        let setup = try await WebPairSetup.make(prefix: "webpairbad")
        let web = try await WebProcess(environment: setup.web.environment())
        try #require(setup.groups.count == 2, "two pairs: \(setup.groups)")
        let keyring = try LinkKeyring(parsing: WebTestSetup.keyA)
        let people = try await setup.web.rows("SELECT id FROM people ORDER BY email").map { String($0.dropFirst().dropLast()) }
        let members = try await setup.web.rows("SELECT group_id || ' ' || person_id FROM pairing_group_members")
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "()\"")).split(separator: " ").map(String.init) }
        let first = try #require(members.first)
        let (pair, member) = (first[0], first[1])
        let otherPair = try #require(setup.groups.map(\.id).first { $0 != pair })
        let outsider = try #require(people.first { person in !members.contains { $0[0] == pair && $0[1] == person } })
        func link(pair: String, person: String, purpose: LinkPurpose = .pairMeeting) throws -> String {
            let claims = LinkClaims(
                purpose: purpose, meetingID: ID(try #require(UUID(uuidString: pair))), personID: ID(try #require(UUID(uuidString: person))),
                expiresAt: Date() + 86_400)
            return "\(web.origin)/circles/p/\(LinkToken.sign(claims, with: keyring))"
        }
        // The person's own pair works (the check can fail)...
        #expect(try await HTTPExchange.run("GET", try link(pair: pair, person: member)).status == 200)
        let before = try await setup.state()
        let notFound = try await HTTPExchange.run("GET", "\(web.origin)/circles/p/\(String(repeating: "A", count: 74))")
        #expect(notFound.status == 404)
        let expired = LinkToken.sign(
            LinkClaims(pairMeeting: ID(try #require(UUID(uuidString: pair))), personID: ID(try #require(UUID(uuidString: member))), expiresAt: Date() - 1),
            with: keyring)
        // ...another pair, another person, a response-link purpose or an expired link do not.
        for bad in [
            try link(pair: otherPair, person: member), try link(pair: pair, person: outsider),
            try link(pair: pair, person: member, purpose: .respond), "\(web.origin)/circles/p/\(expired)",
        ] {
            let page = try await HTTPExchange.run("GET", bad)
            #expect(page.status == 404, "\(bad)")
            #expect(page.body == notFound.body)
            let form = FormToken.make(for: WebPairSetup.token(bad), keyring: keyring)
            let post = try await HTTPExchange.run(
                "POST", bad, headers: ["Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"],
                body: "form=\(form)&outcome=met")
            #expect(post.status == 404, "\(bad)")
        }
        #expect(try await setup.state() == before)
        try await setup.web.tearDown()
    }
}
