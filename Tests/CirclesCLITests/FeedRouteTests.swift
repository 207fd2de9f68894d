import Foundation
import PostgresTestSupport
import Testing

/// `GET /feeds/<token>.ics` on circles-web, over HTTP as a calendar program polls it.
@Suite("circles-web serves calendar feeds with validators: 200, then 304; revoked and malformed links 404")
struct FeedRouteTests {
    @Test("a feed link answers the calendar with ETag and Last-Modified; If-None-Match and If-Modified-Since answer 304; a reset link 404s")
    func feedOverHTTP() async throws {
        let setup = try await WebTestSetup.make(prefix: "feedweb")
        let environment = setup.environment()
        let issued = try await WorkerScenario.circles(["person", "feed-link", "sw2@example.org", "--as", "sw2@example.org"], environment: environment)
        let link = try #require(issued.split(separator: "\n").last.map(String.init))
        #expect(link.hasPrefix(WebTestSetup.publicURL + "/feeds/") && link.hasSuffix(".ics"), "\(issued)")
        let web = try await WebProcess(environment: environment)
        let url = web.local(link)

        let first = try await HTTPExchange.run("GET", url)
        #expect(first.status == 200, "\(first.body)")
        #expect(first.headers["content-type"] == "text/calendar; charset=utf-8")
        #expect(first.headers["cache-control"] == "private, no-cache")
        #expect(first.headers["referrer-policy"] == "no-referrer")
        #expect(first.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(first.body.components(separatedBy: "BEGIN:VEVENT").count == 2, "the one meeting")
        let etag = try #require(first.headers["etag"])
        let modified = try #require(first.headers["last-modified"])
        #expect(modified.hasSuffix(" GMT"))

        let again = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(again.headers["etag"] == etag)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-Modified-Since": modified]).status == 304)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-None-Match": "\"something-else\""]).status == 200)
        let head = try await HTTPExchange.run("HEAD", url)
        #expect(head.status == 200 && head.body.isEmpty)

        // A change to the meeting changes the ETag, so the calendar gets the new feed — as soon
        // as circles-web has the change notice (NOTIFY arrives after the commit, usually within
        // milliseconds; on a loaded machine a poll right after the commit may come first).
        try await setup.execute("UPDATE occurrences SET location = 'Room 3'")
        var changed = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        let deadline = ContinuousClock.now + .seconds(10)
        while changed.status == 304, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            changed = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        }
        #expect(changed.status == 200)
        #expect(changed.body.contains("LOCATION:Room 3\r\n"))

        // Reset: the old link is gone, saying nothing; the new one works.
        let reset = try await WorkerScenario.circles(["person", "feed-link", "sw2@example.org", "--reset", "--as", "sw2@example.org"], environment: environment)
        let newLink = try #require(reset.split(separator: "\n").last.map(String.init))
        let revoked = try await HTTPExchange.run("GET", url)
        #expect(revoked.status == 404)
        #expect(!revoked.body.contains("feed") && !revoked.body.contains("revoked"))
        #expect(try await HTTPExchange.run("GET", web.local(newLink)).status == 200)
        for bad in ["/circles/feeds/short.ics", "/circles/feeds/" + String(repeating: "A", count: 43), "/circles/feeds/" + String(repeating: "A", count: 43) + ".ics.bak"] {
            #expect(try await HTTPExchange.run("GET", web.origin + bad).status == 404, "\(bad)")
        }
        try await setup.tearDown()
    }

    @Test("If-Match with the current ETag or * serves the feed; another or a weak one is 412 (RFC 9110 §13.1.1), also beside a matching If-None-Match")
    func ifMatch() async throws {
        let setup = try await WebTestSetup.make(prefix: "feedmatch")
        let environment = setup.environment()
        let issued = try await WorkerScenario.circles(["person", "feed-link", "sw2@example.org", "--as", "sw2@example.org"], environment: environment)
        let web = try await WebProcess(environment: environment)
        let url = web.local(try #require(issued.split(separator: "\n").last.map(String.init)))
        let etag = try #require(try await HTTPExchange.run("GET", url).headers["etag"])
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-Match": "\"x\", \(etag)"]).status == 200)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-Match": "*"]).status == 200)
        let failed = try await HTTPExchange.run("GET", url, headers: ["If-Match": "\"x\""])
        #expect(failed.status == 412 && failed.headers["content-security-policy"] != nil)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-Match": "W/\(etag)"]).status == 412)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-Match": "\"x\"", "If-None-Match": etag]).status == 412)
        try await setup.tearDown()
    }
}
