import Foundation
import PostgresTestSupport
import Testing

/// A feed revalidation the validator cache can answer is answered before the router
/// (`FeedRevalidations`), so it must be indistinguishable from the route's own answer: the same
/// headers, the same rate limits counted once, the same metrics, and never out of turn.
@Suite("circles-web answers a feed revalidation from memory exactly as its route would")
struct FeedRevalidationTests {
    @Test("a 304 from memory has the route's headers, waits its turn behind a pipelined request, counts once against the link's limit and shows in the metrics")
    func answeredLikeTheRoute() async throws {
        let setup = try await WebTestSetup.make(prefix: "feedreval")
        let (url, web) = try await setup.feedServed(["CIRCLES_WEB_METRICS_ADDRESS": "127.0.0.1:0"])
        let firstRequest = ContinuousClock.now
        let etag = try await #require(try HTTPExchange.run("GET", url).headers["etag"])

        // From memory, and through the router (a query string is left to the route): the same headers but the date.
        let fromMemory = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        let fromRoute = try await HTTPExchange.run("GET", url + "?via=route", headers: ["If-None-Match": etag])
        #expect(fromMemory.status == 304 && fromRoute.status == 304)
        #expect(fromMemory.headers.filter { $0.key != "date" } == fromRoute.headers.filter { $0.key != "date" })
        #expect(fromMemory.headers["content-length"] == nil)
        // Dates in IMF-fixdate (RFC 9110 §5.6.7), the Date header within a minute of now.
        let imf = DateFormatter()
        imf.locale = Locale(identifier: "en_US_POSIX")
        imf.timeZone = TimeZone(identifier: "GMT")
        imf.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = try #require(fromMemory.headers["date"].flatMap { imf.date(from: $0) }, "\(fromMemory.headers)")
        #expect(abs(date.timeIntervalSinceNow) < 60)
        let modified = try #require(fromMemory.headers["last-modified"].flatMap { imf.date(from: $0) })
        #expect(fromMemory.headers["last-modified"] == imf.string(from: modified))
        #expect(modified <= date, "Last-Modified is never later than Date (RFC 9110 §8.8.2.1)")
        let routeDate = try #require(fromRoute.headers["date"].flatMap { imf.date(from: $0) })
        #expect(modified <= routeDate)

        // Two requests in one packet: the full feed (read from the database) and then a revalidation
        // the cache could answer at once. The answers come back in the order asked.
        let path = String(url.dropFirst(web.origin.count))
        let pipelined = try await Self.pipelined(port: web.port, [
            "GET \(path) HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET \(path) HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \(etag)\r\n\r\n",
        ])
        #expect(pipelined == [200, 304], "\(pipelined)")

        // Five requests so far of the link's burst of 15: the rest of the burst passes, then 429,
        // from memory as from the route (each request counted once, wherever it is answered).
        // The bucket refills at 30 a minute, so a slow run (a loaded machine) lets a few more pass.
        let statuses = try await HTTPExchange.statuses(url, times: 20, headers: ["If-None-Match": etag])
        let refilled = Int((ContinuousClock.now - firstRequest) / .seconds(2))
        let passed = statuses.prefix { $0 == 304 }.count
        #expect((10...(11 + refilled)).contains(passed), "\(statuses) after \(refilled) tokens' worth of time")
        #expect(statuses.dropFirst(passed).allSatisfy { $0 == 429 }, "\(statuses)")
        #expect(passed < 20, "the limit never refused: \(statuses)")
        // The refusal's page; a token that came back meanwhile is spent first.
        var refused = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        for _ in 0..<3 where refused.status == 304 {
            refused = try await HTTPExchange.run("GET", url, headers: ["If-None-Match": etag])
        }
        #expect(refused.status == 429 && refused.body.contains("Please wait a minute"), "\(refused.status) after \(statuses)")
        #expect(refused.headers["content-security-policy"] == fromRoute.headers["content-security-policy"])

        // The request metrics count the revalidations under the feed route, as the router's would.
        let pattern = #"health checks on 127\.0\.0\.1:\d+"#
        let range = try #require(web.output.range(of: pattern, options: .regularExpression))
        let metrics = try await HTTPExchange.run("GET", "http://" + web.output[range].dropFirst("health checks on ".count) + "/metrics").body
        let counted = metrics.split(separator: "\n").first {
            $0.hasPrefix("hb_requests{") && $0.contains(#"http_route="/circles/feeds/{file}""#) && $0.contains(#"http_response_status_code="304""#)
        }
        let count = try #require(counted.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) }, "\(metrics)")
        #expect(count >= Double(passed + 3))
        try await setup.tearDown()
    }

    /// Sends `requests` in one write on one connection and returns the statuses of the answers, in
    /// the order they arrived.
    static func pipelined(port: Int, _ requests: [String]) async throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import socket, sys
            port, count, data = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(data)
            buffer, statuses = b"", []
            while len(statuses) < count:
                while b"\\r\\n\\r\\n" not in buffer:
                    chunk = s.recv(65536)
                    if not chunk: sys.exit("closed after %s" % statuses)
                    buffer += chunk
                head, buffer = buffer.split(b"\\r\\n\\r\\n", 1)
                lines = head.split(b"\\r\\n")
                fields = dict((k.strip().lower(), v.strip()) for k, v in (line.split(b":", 1) for line in lines[1:]))
                if b"transfer-encoding" in fields: sys.exit("chunked answer")
                length = int(fields.get(b"content-length", b"0"))
                while len(buffer) < length:
                    buffer += s.recv(65536)
                buffer = buffer[length:]
                statuses.append(int(lines[0].split()[1]))
            print(" ".join(map(str, statuses)))
            """, "\(port)", "\(requests.count)", requests.joined()]
        return try await Subprocess.finish(process).standardOutput.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    }
}
