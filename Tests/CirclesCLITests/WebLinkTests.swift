import CirclesDomain
import Foundation
import LinkTokens
import PostgresTestSupport
import Testing

/// circles-web behind the links the worker mails (issue 13): GET changes nothing, POST records
/// with CSRF protection until the meeting starts, every bad link looks the same, one-click
/// unsubscribe works, and the headers are strict.
@Suite("circles-web: answering and unsubscribing from links in mail", .serialized)
struct WebLinkTests {
    /// What a response's page and database look like, to prove a request changed nothing.
    func state(_ setup: WebTestSetup) async throws -> [String] {
        try await setup.rows("SELECT occurrence_id, person_id, answer, note, source FROM meeting_responses")
            + setup.rows("SELECT count(*) FROM audit_log")
            + setup.rows("SELECT email, email_opt_out FROM people ORDER BY email")
    }

    /// The form value on a response page.
    static func formToken(in page: String) throws -> String {
        guard let range = page.range(of: #"name="form" value="[A-Za-z0-9_-]+""#, options: .regularExpression) else {
            throw TestSetupError("no form token in the page: \(page)")
        }
        return String(page[range].dropFirst(#"name="form" value=""#.count).dropLast())
    }

    @Test("invitations and reminders carry both answer links in text and HTML, and a signed List-Unsubscribe")
    func mailCarriesLinks() async throws {
        let setup = try await WebTestSetup.make(prefix: "webmail")
        for prefix in ["Invitation", "Reminder"] {
            let message = try setup.message(to: "sw2@example.org", prefix)
            let accept = try WebTestSetup.link("accepted", in: message)
            let decline = try WebTestSetup.link("declined", in: message)
            #expect(message.html.contains(accept.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(message.html.contains(decline))
            #expect(message.text.contains("I\u{2019}ll be there:") && message.text.contains("Sorry, I can\u{2019}t make it:"))
            if prefix == "Reminder" {
                #expect(try WebTestSetup.unsubscribeLink(in: message).hasPrefix(WebTestSetup.publicURL + "/u/"))
            }
        }
        // The facilitator's reminder lists the answers so far (none yet: all three not answered).
        let facilitator = try setup.message(to: "sw1@example.org", "Reminder")
        #expect(facilitator.text.contains("Answers so far:\n- 3 not answered yet"), "\(facilitator.text)")
        try await setup.tearDown()
    }

    @Test("opening a response link shows the one meeting and changes nothing in the database; the headers are strict")
    func getIsSideEffectFree() async throws {
        let setup = try await WebTestSetup.make(prefix: "webget")
        let web = try await WebProcess(environment: setup.environment())
        let link = try WebTestSetup.link("accepted", in: try setup.message(to: "sw2@example.org", "Invitation"))
        let before = try await state(setup)
        for _ in 0..<3 {
            let page = try await HTTPExchange.run("GET", web.local(link))
            #expect(page.status == 200)
            #expect(page.body.contains("Peer support"))
            #expect(page.body.contains("14:00–15:30 (Europe/London"))
            #expect(page.body.contains("Room 2"))
            #expect(page.body.contains(#"value="accepted""#) && page.body.contains(#"value="declined""#))
            #expect(!page.body.contains("Siân") && !page.body.contains("lead@example.org"), "no other attendees on the page")
            #expect(!page.body.contains("<script"))
            #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers["content-security-policy"]?.contains("script") == false)
            #expect(page.headers["referrer-policy"] == "no-referrer")
            #expect(page.headers["x-content-type-options"] == "nosniff")
            #expect(page.headers["cache-control"] == "no-store")
        }
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("a tampered, wrong-purpose, expired or unknown-key link gets the same plain 404, and changes nothing")
    func badLinks() async throws {
        let setup = try await WebTestSetup.make(prefix: "webbad")
        let web = try await WebProcess(environment: setup.environment())
        let message = try setup.message(to: "sw2@example.org", "Reminder")
        let link = try WebTestSetup.link("accepted", in: message)
        let token = String(link.split(separator: "/").last?.split(separator: "?").first ?? "")
        var tampered = Array(token)
        tampered[40] = tampered[40] == "A" ? "B" : "A"
        let unsubscribeToken = String(try WebTestSetup.unsubscribeLink(in: message).split(separator: "/").last ?? "")
        let keyring = try LinkKeyring(parsing: WebTestSetup.keyA)
        let person = try #require(try await setup.rows("SELECT id FROM people WHERE email = 'sw2@example.org'").first)
            .trimmingCharacters(in: CharacterSet(charactersIn: "()"))
        let expired = LinkToken.sign(
            .init(purpose: .respond, meetingID: ID(setup.meetingID), personID: try #require(ID(person)), expiresAt: Date() - 1), with: keyring)
        let otherKey = LinkToken.sign(
            .init(purpose: .respond, meetingID: ID(setup.meetingID), personID: try #require(ID(person)), expiresAt: Date() + 3_600),
            with: try LinkKeyring(parsing: WebTestSetup.keyB))
        let before = try await state(setup)
        var bodies = Set<String>()
        for bad in [String(tampered), unsubscribeToken, expired, otherKey, "short", String(repeating: "A", count: 74)] {
            let page = try await HTTPExchange.run("GET", "\(web.origin)/circles/r/\(bad)")
            #expect(page.status == 404, "\(bad)")
            bodies.insert(page.body)
            let post = try await HTTPExchange.run(
                "POST", "\(web.origin)/circles/r/\(bad)", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                body: "answer=declined")
            #expect(post.status == 404)
        }
        #expect(bodies.count == 1, "every bad link shows the same page")
        let body = try #require(bodies.first)
        for word in ["signature", "key", "purpose", "token", "error"] { #expect(!body.lowercased().contains(word), "the page says \(word)") }
        #expect(try await HTTPExchange.run("GET", "\(web.origin)/nothing/here").status == 404)
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("a POST without the page's form value, or from another site, is refused and records nothing")
    func csrfRefused() async throws {
        let setup = try await WebTestSetup.make(prefix: "webcsrf")
        let web = try await WebProcess(environment: setup.environment())
        let link = web.local(try WebTestSetup.link("accepted", in: try setup.message(to: "sw2@example.org", "Invitation")))
        let url = String(link.split(separator: "?").first ?? "")
        let form = try await Self.formToken(in: try HTTPExchange.run("GET", link).body)
        let before = try await state(setup)
        let form_ = ["Content-Type": "application/x-www-form-urlencoded"]
        #expect(try await HTTPExchange.run("POST", url, headers: form_, body: "answer=accepted").status == 403)
        #expect(try await HTTPExchange.run("POST", url, headers: form_, body: "answer=accepted&form=AAAAAAAAAAAAAAAAAAAAAAA").status == 403)
        #expect(try await HTTPExchange.run(
            "POST", url, headers: form_.merging(["Origin": "https://evil.example"]) { $1 }, body: "answer=accepted&form=\(form)").status == 403)
        #expect(try await HTTPExchange.run(
            "POST", url, headers: form_.merging(["Sec-Fetch-Site": "cross-site"]) { $1 }, body: "answer=accepted&form=\(form)").status == 403)
        // A form value from another person's page does not fit this link.
        let other = web.local(try WebTestSetup.link("accepted", in: try setup.message(to: "lead@example.org", "Invitation")))
        let otherForm = try await Self.formToken(in: try HTTPExchange.run("GET", other).body)
        #expect(try await HTTPExchange.run("POST", url, headers: form_, body: "answer=accepted&form=\(otherForm)").status == 403)
        let huge = "answer=accepted&form=\(form)&note=" + String(repeating: "x", count: 9_000)
        #expect(try await HTTPExchange.run("POST", url, headers: form_, body: huge).status == 413)
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("answers are recorded, changed and audited; after the meeting starts the page says so and nothing changes")
    func answerChangeAndReplay() async throws {
        let setup = try await WebTestSetup.make(prefix: "webpost")
        let web = try await WebProcess(environment: setup.environment())
        let link = web.local(try WebTestSetup.link("accepted", in: try setup.message(to: "sw2@example.org", "Invitation")))
        let url = String(link.split(separator: "?").first ?? "")
        let form = try await Self.formToken(in: try HTTPExchange.run("GET", link).body)
        let headers = ["Content-Type": "application/x-www-form-urlencoded", "Origin": web.origin, "Sec-Fetch-Site": "same-origin"]
        let accepted = try await HTTPExchange.run("POST", url, headers: headers, body: "form=\(form)&answer=accepted&note=")
        #expect(accepted.status == 303)
        #expect(accepted.headers["location"]?.hasSuffix("?saved=1") == true)
        #expect(try await HTTPExchange.run("GET", web.origin + (accepted.headers["location"] ?? "")).body.contains("your answer is saved"))
        let declined = try await HTTPExchange.run("POST", url, headers: headers, body: "form=\(form)&answer=declined&note=on+a+home+visit")
        #expect(declined.status == 303)
        #expect(try await setup.rows("""
            SELECT r.answer, r.note, r.source FROM meeting_responses r JOIN people p ON p.id = r.person_id WHERE p.email = 'sw2@example.org'
            """) == [#"(declined,"on a home visit",link)"#])
        #expect(try await setup.rows("SELECT answer FROM meeting_response_history ORDER BY id") == ["(accepted)", "(declined)"])
        #expect(try await setup.rows("""
            SELECT operation, action, after ->> 'note' FROM audit_log WHERE entity_table = 'meeting_responses' ORDER BY id
            """) == ["(insert,meeting.respond,)", "(update,meeting.respond,[redacted])"])
        #expect(try await setup.rows("SELECT count(*) FROM audit_verify_chain()") == ["(0)"])

        // The meeting starts: the same link and form no longer change anything.
        try await setup.execute("UPDATE occurrences SET starts_at = now() - interval '1 minute'")
        let before = try await state(setup)
        let late = try await HTTPExchange.run("POST", url, headers: headers, body: "form=\(form)&answer=accepted")
        #expect(late.status == 409, "refused, with the page saying why, not redirected as if saved")
        #expect(late.body.contains("already started") && !late.body.contains("<form"))
        let page = try await HTTPExchange.run("GET", url)
        #expect(page.body.contains("already started"))
        #expect(page.body.contains("you can’t make it"))
        #expect(!page.body.contains("<form"))
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("after a key rotation, links signed with the old key still work; once it is removed they are refused")
    func keyRotation() async throws {
        let setup = try await WebTestSetup.make(prefix: "webkeys")
        let link = try WebTestSetup.link("accepted", in: try setup.message(to: "sw2@example.org", "Invitation"))
        let rotated = try await WebProcess(environment: setup.environment(keys: "\(WebTestSetup.keyB),\(WebTestSetup.keyA)"))
        #expect(try await HTTPExchange.run("GET", rotated.local(link)).status == 200)
        let retired = try await WebProcess(environment: setup.environment(keys: WebTestSetup.keyB))
        #expect(try await HTTPExchange.run("GET", retired.local(link)).status == 404)
        try await setup.tearDown()
    }

    @Test("the List-Unsubscribe URL asks on GET and opts out at once on an RFC 8058 one-click POST")
    func oneClickUnsubscribe() async throws {
        let setup = try await WebTestSetup.make(prefix: "webunsub")
        let web = try await WebProcess(environment: setup.environment())
        let message = try setup.message(to: "sw2@example.org", "Reminder")
        let url = web.local(try WebTestSetup.unsubscribeLink(in: message))
        let before = try await state(setup)
        let ask = try await HTTPExchange.run("GET", url)
        #expect(ask.status == 200)
        #expect(ask.body.contains("Stop reminder emails?"))
        #expect(try await state(setup) == before)
        #expect(try await HTTPExchange.run("POST", url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "").status == 400)
        // A mail provider's one-click POST: no cookies, no form token, no Origin.
        let done = try await HTTPExchange.run(
            "POST", url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "List-Unsubscribe=One-Click")
        #expect(done.status == 200)
        #expect(done.body.contains("no longer receive reminder emails"))
        #expect(try await setup.rows("SELECT email_opt_out FROM people WHERE email = 'sw2@example.org'") == ["(t)"])
        #expect(try await setup.rows("""
            SELECT action FROM audit_log WHERE entity_table = 'people' AND action = 'person.unsubscribe'
            """) == ["(person.unsubscribe)"])
        #expect(try await HTTPExchange.run("GET", url).body.contains("You do not receive reminder emails"))
        try await setup.tearDown()
    }

    @Test("one link can be tried only so often a minute before circles-web answers 429")
    func rateLimited() async throws {
        let setup = try await WebTestSetup.make(prefix: "webrate")
        let web = try await WebProcess(environment: setup.environment())
        let link = web.local(try WebTestSetup.link("accepted", in: try setup.message(to: "sw2@example.org", "Invitation")))
        // One curl, one connection, 25 requests in well under a second: the burst of 15 passes.
        let statuses = try await HTTPExchange.statuses(link, times: 25)
        #expect(statuses.count == 25)
        #expect(statuses.prefix(15).allSatisfy { $0 == 200 })
        #expect(statuses.suffix(5).allSatisfy { $0 == 429 }, "\(statuses)")
        let refused = try await HTTPExchange.run("GET", link)
        #expect(refused.status == 429 && refused.headers["retry-after"] == "60", "\(refused.headers)")
        #expect(refused.headers["content-security-policy"] != nil)
        try await setup.tearDown()
    }

    @Test("a one-click POST sent as multipart/form-data, as RFC 8058 says providers should, opts out too; another body type is 415")
    func oneClickUnsubscribeMultipart() async throws {
        let setup = try await WebTestSetup.make(prefix: "webunsubmp")
        let web = try await WebProcess(environment: setup.environment())
        let url = web.local(try WebTestSetup.unsubscribeLink(in: try setup.message(to: "sw1@example.org", "Reminder")))
        let json = try await HTTPExchange.run("POST", url, headers: ["Content-Type": "application/json"], body: #"{"List-Unsubscribe":"One-Click"}"#)
        #expect(json.status == 415)
        #expect(try await setup.rows("SELECT email_opt_out FROM people WHERE email = 'sw1@example.org'") == ["(f)"])
        // RFC 8058 §8.1's example, byte for byte but the host.
        let body = "---FormBoundaryjWmhtjORrn\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n"
            + "---FormBoundaryjWmhtjORrn--\r\n"
        let done = try await HTTPExchange.run(
            "POST", url, headers: ["Content-Type": "multipart/form-data; boundary=-FormBoundaryjWmhtjORrn"], body: body)
        #expect(done.status == 200, "\(done.body)")
        #expect(try await setup.rows("SELECT email_opt_out FROM people WHERE email = 'sw1@example.org'") == ["(t)"])
        // A urlencoded one ending in a line break is understood too (it is already done: 200 again).
        let again = try await HTTPExchange.run(
            "POST", url, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: "List-Unsubscribe=One-Click\r\n")
        #expect(again.status == 200)
        try await setup.tearDown()
    }

    @Test("every page answers HEAD as GET without a body and changes nothing; a method a route does not take is 405 with Allow")
    func headAndMethods() async throws {
        let setup = try await WebTestSetup.make(prefix: "webhead")
        let web = try await WebProcess(environment: setup.environment())
        let message = try setup.message(to: "sw2@example.org", "Reminder")
        let respond = web.local(try WebTestSetup.link("accepted", in: message))
        let unsubscribe = web.local(try WebTestSetup.unsubscribeLink(in: message))
        let stylesheet = web.origin + "/circles/static/circles.css"
        let before = try await state(setup)
        for url in [respond, unsubscribe, stylesheet] {
            let get = try await HTTPExchange.run("GET", url)
            let head = try await HTTPExchange.run("HEAD", url)
            #expect(head.status == 200 && get.status == 200, "\(url)")
            #expect(head.body.isEmpty)
            #expect(head.headers["content-type"] == get.headers["content-type"])
            #expect(head.headers["content-security-policy"] == get.headers["content-security-policy"])
        }
        #expect(try await state(setup) == before)
        for method in ["PUT", "DELETE", "PATCH", "OPTIONS"] {
            let answer = try await HTTPExchange.run(method, respond)
            #expect(answer.status == 405 && answer.headers["allow"] == "GET, HEAD, POST", "\(method): \(answer.status) \(answer.headers)")
            #expect(answer.headers["content-security-policy"] != nil)
        }
        let postToStylesheet = try await HTTPExchange.run("POST", stylesheet, body: "")
        #expect(postToStylesheet.status == 405 && postToStylesheet.headers["allow"] == "GET, HEAD")
        #expect(try await HTTPExchange.run("DELETE", web.origin + "/circles/nothing/here").status == 404)
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("a note of 500 characters fits in any script; a body declared too large is refused at once; a JSON body is 415")
    func noteBodies() async throws {
        let setup = try await WebTestSetup.make(prefix: "webnote")
        let web = try await WebProcess(environment: setup.environment())
        let url = web.local(try WebTestSetup.link("declined", in: try setup.message(to: "sw2@example.org", "Invitation")))
        let form = try Self.formToken(in: try await HTTPExchange.run("GET", url).body)
        let headers = ["Content-Type": "application/x-www-form-urlencoded"]
        // 500 Bengali letters: 1,500 bytes of UTF-8, 4,500 once percent-encoded.
        let note = String(repeating: "আ", count: 500)
        let ascii = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let encoded = note.addingPercentEncoding(withAllowedCharacters: ascii) ?? ""
        let saved = try await HTTPExchange.run("POST", url, headers: headers, body: "form=\(form)&answer=declined&note=\(encoded)")
        #expect(saved.status == 303, "\(saved.status) \(saved.body.prefix(300))")
        #expect(try await setup.rows("SELECT char_length(note) FROM meeting_responses") == ["(500)"])
        let json = try await HTTPExchange.run("POST", url, headers: ["Content-Type": "application/json"], body: "form=\(form)&answer=accepted")
        #expect(json.status == 415)
        let huge = try await HTTPExchange.run("POST", url, headers: headers.merging(["Content-Length": "99999999"]) { $1 }, body: "form=\(form)")
        #expect(huge.status == 413, "refused on its declared length, not after a 10 s wait for the body (408)")
        #expect(try await setup.rows("SELECT answer FROM meeting_responses") == ["(declined)"])
        try await setup.tearDown()
    }

    @Test("a POST whose body is cut short (the client half-closes, or closes, before Content-Length bytes came) records nothing")
    func truncatedBody() async throws {
        let setup = try await WebTestSetup.make(prefix: "webcut")
        let web = try await WebProcess(environment: setup.environment())
        let link = try #require(URL(string: web.local(try WebTestSetup.link("declined", in: try setup.message(to: "sw2@example.org", "Invitation")))))
        let form = try Self.formToken(in: try await HTTPExchange.run("GET", link.absoluteString).body)
        let before = try await state(setup)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import socket, sys
            port, path, form = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            body = "answer=accepted&form=" + form + "&note=I+will+be+la"
            head = ("POST " + path + " HTTP/1.1\\r\\nHost: localhost\\r\\nContent-Type: application/x-www-form-urlencoded\\r\\n"
                    "Content-Length: " + str(len(body) + 40) + "\\r\\n\\r\\n")
            for half in (True, False):
                s = socket.create_connection(("127.0.0.1", port), timeout=20)
                s.sendall((head + body).encode())
                if half:
                    s.shutdown(socket.SHUT_WR)
                    answer = b""
                    while chunk := s.recv(4096):
                        answer += chunk
                    assert answer.startswith(b"HTTP/1.1 400 "), answer[:100]
                s.close()
            """, String(link.port ?? 0), link.path, form]
        let client = try await Subprocess.finish(process, busy: false)
        #expect(client.status == 0, "\(client.standardError)")
        // The server has seen both connections end; what it stored (nothing) is settled by the time a page is served.
        #expect(try await HTTPExchange.run("GET", link.absoluteString).status == 200)
        #expect(try await state(setup) == before)
        try await setup.tearDown()
    }

    @Test("with the database out of reach, a link's page is 503 with Retry-After and the strict headers, not a hang or a 500")
    func databaseUnreachable() async throws {
        // Nothing listens on port 1: every connection attempt fails at once.
        let web = try await WebProcess(environment: [
            "CIRCLES_WEB_SIGNING_KEYS": WebTestSetup.keyA, "CIRCLES_WEB_PUBLIC_URL": WebTestSetup.publicURL,
            "CIRCLES_DATABASE_URL": "postgres://circles@127.0.0.1:1/circles",
        ])
        let token = LinkToken.sign(
            .init(purpose: .respond, meetingID: ID(UUID()), personID: ID(UUID()), expiresAt: Date() + 3_600),
            with: try LinkKeyring(parsing: WebTestSetup.keyA))
        let page = try await HTTPExchange.run("GET", "\(web.origin)/circles/r/\(token)")
        #expect(page.status == 503, "\(page.status) \(page.body.prefix(200))")
        #expect(page.headers["retry-after"] == "30")
        #expect(page.headers["x-content-type-options"] == "nosniff" && page.headers["referrer-policy"] == "no-referrer")
        #expect(page.body.contains("try again"))
    }

    @Test("bytes that are not HTTP after a request still being answered: its response is written whole, no 400 follows it, then the connection closes; alone they get the 400 with the strict headers")
    func garbageAfterRequest() async throws {
        let web = try await WebProcess(environment: [
            "CIRCLES_WEB_SIGNING_KEYS": WebTestSetup.keyA, "CIRCLES_WEB_PUBLIC_URL": WebTestSetup.publicURL,
        ])
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import json, socket, sys
            port = int(sys.argv[1])
            def exchange(data):
                s = socket.create_connection(("127.0.0.1", port), timeout=20)
                s.sendall(data)
                answer = b""
                while chunk := s.recv(65536):
                    answer += chunk
                s.close()
                return answer.decode("latin-1")
            after = exchange(b"GET /circles/static/circles.css HTTP/1.1\\r\\nHost: localhost\\r\\n\\r\\n\\x16\\x03\\x01 hello\\r\\n\\r\\n")
            alone = exchange(b"\\x16\\x03\\x01 hello\\r\\n\\r\\n")
            print(json.dumps({"after": after, "alone": alone}))
            """, String(web.port)]
        let client = try await Subprocess.finish(process, busy: false)
        #expect(client.status == 0, "\(client.standardError)")
        let seen = try JSONDecoder().decode([String: String].self, from: Data(client.standardOutput.utf8))
        let after = seen["after"] ?? "", alone = seen["alone"] ?? ""
        #expect(after.hasPrefix("HTTP/1.1 200 OK\r\n") && after.contains("body {"), "\(after.prefix(300))")
        #expect(after.components(separatedBy: "HTTP/1.1 ").count == 2, "one response only: \(after.suffix(200))")
        #expect(alone.hasPrefix("HTTP/1.1 400 Bad Request\r\n") && alone.contains("X-Content-Type-Options: nosniff"), "\(alone)")
    }

    @Test("the health checks answer on their own listener, not on the public one")
    func healthListener() async throws {
        let setup = try await WebTestSetup.make(prefix: "webhealth")
        let web = try await WebProcess(environment: setup.environment().merging(["CIRCLES_WEB_METRICS_ADDRESS": "127.0.0.1:0"]) { $1 })
        let pattern = #"health checks on 127\.0\.0\.1:\d+"#
        for _ in 0..<500 where web.output.range(of: pattern, options: .regularExpression) == nil { try await Task.sleep(for: .milliseconds(20)) }
        let range = try #require(web.output.range(of: pattern, options: .regularExpression))
        let health = "http://" + web.output[range].dropFirst("health checks on ".count)
        let live = try await HTTPExchange.run("GET", health + "/health/live")
        #expect(live.status == 200 && live.body == "live\n")
        let ready = try await HTTPExchange.run("GET", health + "/health/ready")
        #expect(ready.status == 200 && ready.body == "ready\n")
        #expect(try await HTTPExchange.run("GET", web.origin + "/health/live").status == 404)
        #expect(try await HTTPExchange.run("GET", web.origin + "/circles/health/ready").status == 404)
        try await setup.tearDown()
    }
}
