import Foundation
import Logging
import Observability
import ServiceLifecycle
import Synchronization
import Testing

@Suite("the operations listener answers GETs, refuses what it must, bounds every client, and stops cleanly")
struct OperationsServerTests {
    /// Runs an operations server on a free loopback port for the body's duration; `/health/ready`
    /// answers once `gate` opens (or after 10 s, saying so). Stops it by graceful shutdown.
    func withServer(limits: OperationsServer.Limits = OperationsServer.Limits(), gate: Gate = Gate(), _ body: (Int) async throws -> Void) async throws {
        let port = Mutex(0)
        let server = OperationsServer(
            address: ListenAddress(host: "127.0.0.1", port: 0),
            metrics: { Array("# TYPE up gauge\nup 1\n".utf8) },
            readiness: { await gate.wait() ? nil : "gate never opened" },
            limits: limits, onListening: { address in port.withLock { $0 = address.port } })
        let group = ServiceGroup(services: [server], logger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            // Start-up takes milliseconds, but under `make test` other tests' blocking waits can hold
            // every thread of the test process for seconds (the port is read once more after the wait).
            let deadline = ContinuousClock.now + .seconds(60)
            while port.withLock({ $0 }) == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let bound = port.withLock { $0 }
            #expect(bound != 0, "the server never reported its port")
            do {
                try await body(bound)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("GET on a known path is answered 200 with Content-Length and Connection: close")
    func get() async throws {
        try await withServer { port in
            let response = try await RawClient.exchange(port: port, ["GET /health/live?x=1 HTTP/1.1\r\nHost: t\r\n\r\n"])
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(response)")
            #expect(response.lowercased().contains("content-length: 5\r\n"))
            #expect(response.lowercased().contains("connection: close\r\n"))
            #expect(response.hasSuffix("\r\n\r\nlive\n"))
            let metrics = try await RawClient.exchange(port: port, ["GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"])
            #expect(metrics.lowercased().contains("content-type: text/plain; version=0.0.4; charset=utf-8\r\n"), "\(metrics)")
            #expect(metrics.hasSuffix("\r\n\r\n# TYPE up gauge\nup 1\n"))
        }
    }

    @Test("a request head that arrives in pieces is put together before it is answered")
    func partialReads() async throws {
        try await withServer { port in
            let pieces = ["GE", "T /health/li", "ve HTTP/1.1\r", "\nHost: t\r\n", "\r", "\n"]
            let response = try await RawClient.exchange(port: port, pieces, pause: .milliseconds(30))
            #expect(response.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(response)")
        }
    }

    @Test("unknown paths get 404, other methods 405 with Allow, garbage 400, HEAD no body")
    func refusals() async throws {
        try await withServer { port in
            let missing = try await RawClient.exchange(port: port, ["GET /nope HTTP/1.1\r\nHost: t\r\n\r\n"])
            #expect(missing.hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(missing)")
            let post = try await RawClient.exchange(port: port, ["POST /health/live HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n"])
            #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"), "\(post)")
            #expect(post.lowercased().contains("\r\nallow: get, head\r\n"))
            let garbage = try await RawClient.exchange(port: port, ["\u{16}\u{03}\u{01} hello there\r\n\r\n"])
            #expect(garbage.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(garbage)")
            #expect(garbage.contains("\r\nX-Content-Type-Options: nosniff\r\n") && garbage.contains("frame-ancestors 'none'"), "\(garbage)")
            #expect(garbage.components(separatedBy: "HTTP/1.1 ").count == 2, "one answer only: \(garbage)")
            let badHeader = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\nHost: t\r\nno colon here\r\n\r\n"])
            #expect(badHeader.hasPrefix("HTTP/1.1 400 Bad Request\r\n") && badHeader.contains("\r\nCache-Control: no-store\r\n"), "\(badHeader)")
            let head = try await RawClient.exchange(port: port, ["HEAD /health/live HTTP/1.1\r\nHost: t\r\n\r\n"])
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(head)")
            #expect(head.hasSuffix("\r\n\r\n"), "\(head)")
        }
    }

    @Test("a head larger than the limit is refused with 431 before it ends")
    func tooLarge() async throws {
        var limits = OperationsServer.Limits()
        limits.headBytes = 512
        try await withServer(limits: limits) { port in
            let response = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\nHost: t\r\nX: " + String(repeating: "y", count: 2_000)])
            #expect(response.hasPrefix("HTTP/1.1 431 "), "\(response)")
        }
    }

    @Test("a client that stops sending mid-head gets 408 after the read timeout; one that sends nothing is dropped")
    func timeouts() async throws {
        var limits = OperationsServer.Limits()
        limits.readTimeout = .milliseconds(300)
        try await withServer(limits: limits) { port in
            let response = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\n"])
            #expect(response.hasPrefix("HTTP/1.1 408 Request Timeout\r\n"), "\(response)")
            let silent = try await RawClient.exchange(port: port, [])
            #expect(silent.isEmpty)
            // The server is still serving after both.
            let after = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.0\r\n\r\n"])
            #expect(after.hasPrefix("HTTP/1.") && after.contains(" 200 OK\r\n"), "\(after)")
        }
    }

    @Test("a stream of empty lines is refused with 431 once it passes 8 KiB, not read for ever")
    func emptyLinesCountTowardTheLimit() async throws {
        try await withServer { port in
            let refused = try await RawClient.exchange(port: port, [String(repeating: "\r\n", count: 4_097)])
            #expect(refused.hasPrefix("HTTP/1.1 431 "), "\(refused)")
            // Up to the limit they are tolerated, as RFC 9112 asks.
            let padded = String(repeating: "\r\n", count: 100) + "GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"
            let answer = try await RawClient.exchange(port: port, [padded])
            #expect(answer.hasPrefix("HTTP/1.1 200 OK"), "\(answer)")
        }
    }

    @Test("6.5 MB of CRLF is cut off after 8 KiB: the server answers 431 and closes while the client still sends")
    func crlfFloodIsCutOff() async throws {
        try await withServer { port in
            let total = 6_500_000
            let (answer, sent) = try await RawClient.flood(port: port, "\r\n", total: total)
            #expect(answer.hasPrefix("HTTP/1.1 431 "), "\(answer.prefix(200))")
            #expect(sent < total, "the client got all \(total) bytes out, so the server kept reading")
            #expect(try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"]).hasPrefix("HTTP/1.1 200 OK"))
        }
    }

    @Test("a client trickling one byte a second is cut off at the 5 s deadline with 408, although bytes keep coming")
    func slowLorisIsCutOff() async throws {
        try await withServer { port in
            let (closedAfter, answer) = try await RawClient.trickle(
                port: port, "GET /health/live HTTP/1.1\r\nHost: t\r\nX: y\r\n\r\n", interval: .seconds(1))
            let closed = try #require(closedAfter, "the server never closed the connection")
            #expect(closed >= .seconds(4) && closed < .seconds(8), "closed after \(closed)")
            #expect(answer.hasPrefix("HTTP/1.1 408 "), "\(answer)")
        }
    }

    @Test("with 40 idle connections open (the limit is 32), /health/live still answers 200 without waiting for them to time out")
    func healthAnswersWhenTheConnectionsAreTaken() async throws {
        // A head deadline of 30 s: a probe that had to wait for an idle connection to be dropped would wait that long.
        var limits = OperationsServer.Limits()
        limits.readTimeout = .seconds(30)
        try await withServer(limits: limits) { port in
            var idle: [Int32] = []
            defer { for descriptor in idle { close(descriptor) } }
            for _ in 0..<40 { idle.append(try RawClient.open(port: port)) }
            try await Task.sleep(for: .milliseconds(200))  // let the server accept them all
            for _ in 0..<3 {
                let started = ContinuousClock.now
                let probe = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"])
                #expect(probe.hasPrefix("HTTP/1.1 200 OK"), "\(probe)")
                // Well inside the head deadline: the probe displaced an idle connection, it did not wait one out.
                #expect(started.duration(to: .now) < .seconds(10))
            }
        }
    }

    @Test("a handler that waits does not hold up other requests, and shutdown waits for the one in flight")
    func concurrencyAndStop() async throws {
        let gate = Gate()
        try await withServer(gate: gate) { port in
            // /health/ready answers only after /health/live has been answered: a server that handled
            // one request at a time would leave /health/live waiting until the gate gives up.
            async let ready = RawClient.exchange(port: port, ["GET /health/ready HTTP/1.1\r\nHost: t\r\n\r\n"])
            let fast = try await RawClient.exchange(port: port, ["GET /health/live HTTP/1.1\r\nHost: t\r\n\r\n"])
            #expect(fast.hasPrefix("HTTP/1.1 200 OK"))
            gate.open()
            #expect(try await ready.hasSuffix("ready\n"))
        }
    }

    @Test("a port that is taken fails the service, naming the address")
    func portTaken() async throws {
        try await withServer { port in
            let second = OperationsServer(address: ListenAddress(host: "127.0.0.1", port: port), metrics: { [] }, readiness: { nil })
            await #expect {
                try await second.run()
            } throws: { error in
                "\(error)".contains("127.0.0.1:\(port)")
            }
        }
    }
}

/// A one-shot signal from a test to a handler.
final class Gate: Sendable {
    private let opened = Mutex(false)

    func open() { opened.withLock { $0 = true } }

    /// Waits until opened; false after 10 s.
    func wait() async -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if opened.withLock({ $0 }) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }
}
