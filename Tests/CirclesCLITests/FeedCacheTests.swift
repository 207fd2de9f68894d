import Foundation
import PostgresTestSupport
import Testing

/// circles-web answers feed revalidations from memory, and forgets what it holds the moment the
/// database says a feed may have changed (LISTEN/NOTIFY, migration 0014) or the notices stop.
@Suite("circles-web answers feed revalidations from memory and is never stale after a change")
struct FeedCacheTests {
    @Test("a revalidation is answered from memory; a change, a revoked link and a lost listener each make the next request go to the database")
    func cacheFollowsTheDatabase() async throws {
        let setup = try await WebTestSetup.make(prefix: "feedcache")
        let environment = setup.environment()
        let (url, web) = try await setup.feedServed()

        let first = try await HTTPExchange.run("GET", url)
        #expect(first.status == 200, "\(first.body)")
        let etag = try #require(first.headers["etag"])
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag]).status == 304)

        // With the links' table out of reach the database could not answer: the 304 comes from memory.
        try await setup.execute("ALTER TABLE feed_links RENAME TO feed_links_away")
        let fromMemory = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        try await setup.execute("ALTER TABLE feed_links_away RENAME TO feed_links")
        #expect(fromMemory.status == 304)
        #expect(fromMemory.headers["etag"] == etag)

        // A change to the meeting: the very next revalidation gets the new feed and a new ETag.
        try await setup.execute("UPDATE occurrences SET location = 'Room 9'")
        let changed = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        #expect(changed.status == 200)
        #expect(changed.body.contains("LOCATION:Room 9\r\n"))
        let newTag = try #require(changed.headers["etag"])
        #expect(newTag != etag)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-None-Match": newTag]).status == 304)

        // The listener's connection is cut and a change made meanwhile: nothing stale is served,
        // though the change's notice may have reached no one.
        let pid = web.process.processIdentifier
        try await setup.execute("""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'circles-web feeds \(pid)'
            """)
        try await setup.execute("UPDATE occurrences SET location = 'Room 10'")
        let afterLoss = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": newTag])
        #expect(afterLoss.status == 200)
        #expect(afterLoss.body.contains("LOCATION:Room 10\r\n"))
        let thirdTag = try #require(afterLoss.headers["etag"])
        // The listener comes back (and the cache with it).
        try await web.waitFor("listening for calendar feed changes", count: 2)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-None-Match": thirdTag]).status == 304)

        // A revoked link stops working at once, though its validators were in memory.
        _ = try await WorkerScenario.circles(["person", "feed-link", "sw2@example.org", "--reset", "--as", "sw2@example.org"], environment: environment)
        #expect(try await HTTPExchange.run("GET", url, headers: ["If-None-Match": thirdTag]).status == 404)
        try await setup.tearDown()
    }

    @Test("a change in another schema of the same database leaves this server's cache alone")
    func otherSchemasAreIgnored() async throws {
        let setup = try await WebTestSetup.make(prefix: "feedcachea")
        let other = try await WebTestSetup.make(prefix: "feedcacheb")
        let (url, web) = try await setup.feedServed()
        let etag = try await #require(try HTTPExchange.run("GET", url).headers["etag"])

        try await other.execute("UPDATE occurrences SET location = 'Elsewhere'")
        try await setup.execute("ALTER TABLE feed_links RENAME TO feed_links_away")
        let answer = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        withExtendedLifetime(web) {}
        try await setup.execute("ALTER TABLE feed_links_away RENAME TO feed_links")
        #expect(answer.status == 304)
        try await other.tearDown()
        try await setup.tearDown()
    }
}

extension WebTestSetup {
    /// sw2's own feed link, served by a circles-web (with `settings` added to the environment)
    /// that is already listening for feed changes: the URL on that server, and the server.
    func feedServed(_ settings: [String: String] = [:]) async throws -> (url: String, web: WebProcess) {
        let environment = self.environment().merging(settings) { $1 }
        let issued = try await WorkerScenario.circles(["person", "feed-link", "sw2@example.org", "--as", "sw2@example.org"], environment: environment)
        let link = try #require(issued.split(separator: "\n").last.map(String.init))
        let web = try await WebProcess(environment: environment)
        try await web.waitFor("listening for calendar feed changes")
        return (web.local(link), web)
    }
}
