import Foundation
import LinkTokens
import Testing

/// circles-web's public listener against clients that would hold connections: a request head
/// trickled a byte at a time is cut off at `web.requestHeadTimeout`; keep-alive keeps working.
@Suite("circles-web's public listener cuts off trickled request heads and keeps keep-alive")
struct SlowClientTests {
    /// What the Python client saw: the trickler's fate and the keep-alive client's answers.
    struct Seen: Decodable {
        let closedAfter: Double?
        let answer: String
        let statuses: [Int]
        let ports: [Int]
    }

    @Test("a client sending a header byte every second is cut off with 408 at the 3 s head deadline, while a keep-alive client is served on one connection, also after a 4 s pause")
    func trickledHeadIsCutOff() async throws {
        let web = try await WebProcess(environment: [
            "CIRCLES_WEB_SIGNING_KEYS": WebTestSetup.keyA, "CIRCLES_WEB_PUBLIC_URL": WebTestSetup.publicURL,
            "CIRCLES_WEB_REQUEST_HEAD_TIMEOUT": "3s",
        ])
        let seen = try await Self.clients(port: web.port, path: "/circles/static/circles.css")
        let closedAfter = try #require(seen.closedAfter, "the trickling client was never cut off")
        #expect(closedAfter >= 2.5 && closedAfter < 6, "cut off after \(closedAfter) s")
        #expect(seen.answer.hasPrefix("HTTP/1.1 408 "), "\(seen.answer)")
        #expect(seen.answer.contains("X-Content-Type-Options: nosniff\r\n") && seen.answer.contains("frame-ancestors 'none'"))
        #expect(seen.statuses == Array(repeating: 200, count: 8))
        #expect(Set(seen.ports).count == 1, "every request on one connection: \(seen.ports)")
    }

    @Test("a client that sends a whole head and then its body a byte a second is cut off with 408 at the 3 s deadline, not held while it trickles")
    func trickledBodyIsCutOff() async throws {
        let web = try await WebProcess(environment: [
            "CIRCLES_WEB_SIGNING_KEYS": WebTestSetup.keyA, "CIRCLES_WEB_PUBLIC_URL": WebTestSetup.publicURL,
            "CIRCLES_WEB_REQUEST_HEAD_TIMEOUT": "3s",
        ])
        // The unsubscribe form reads its body before it looks at the link, so any link of the right length waits for it.
        let path = "/circles/u/" + String(repeating: "A", count: LinkToken.length)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import json, sys
            port, path = int(sys.argv[1]), sys.argv[2]
            """ + Self.trickler + """
            head = ("POST " + path + " HTTP/1.1\\r\\nHost: localhost\\r\\n"
                    "Content-Type: application/x-www-form-urlencoded\\r\\nContent-Length: 100\\r\\n\\r\\n").encode()
            closed, answer = trickle(port, head, [b"a"] * 15)
            print(json.dumps({"closedAfter": closed, "answer": answer.decode("latin-1")}))
            """, String(web.port), path]
        let data = Data(try await Subprocess.finish(process, busy: false).standardOutput.utf8)
        struct Seen: Decodable {
            let closedAfter: Double?
            let answer: String
        }
        let seen = try JSONDecoder().decode(Seen.self, from: data)
        let closedAfter = try #require(seen.closedAfter, "the trickling client was never cut off")
        #expect(closedAfter >= 2.5 && closedAfter < 6, "cut off after \(closedAfter) s")
        #expect(seen.answer.hasPrefix("HTTP/1.1 408 "), "\(seen.answer)")
        #expect(seen.answer.contains("X-Content-Type-Options: nosniff\r\n") && seen.answer.contains("frame-ancestors 'none'"))
    }

    /// Python: `trickle(port, first, pieces)` connects, sends `first`, then one piece a second,
    /// and returns how many seconds passed until the server answered or closed (None if it never
    /// did) and what it answered.
    static let trickler = """

        import socket, time
        def trickle(port, first, pieces):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(first)
            started, answer = time.monotonic(), b""
            for piece in pieces:
                try:
                    s.send(piece)
                except OSError:
                    return time.monotonic() - started, answer
                s.settimeout(1.0)
                try:
                    data = s.recv(4096)
                except socket.timeout:
                    continue
                except OSError:
                    data = b""
                closed = time.monotonic() - started
                s.settimeout(5.0)
                while data:
                    answer += data
                    try:
                        data = s.recv(4096)
                    except OSError:
                        break
                s.close()
                return closed, answer
            s.close()
            return None, answer

        """

    /// Runs a trickling client (one byte a second of a head that never ends, for up to 15 s) and,
    /// beside it, a keep-alive client making 8 requests on one connection, with a 4 s pause in the middle.
    static func clients(port: Int, path: String) async throws -> Seen {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import http.client, json, socket, sys, threading, time
            port, path = int(sys.argv[1]), sys.argv[2]
            result = {"closedAfter": None, "answer": ""}
            """ + Self.trickler + """
            def trickle_head():
                head = ("GET " + path + " HTTP/1.1\\r\\nHost: localhost\\r\\nX-Slow: " + "a" * 100).encode()
                closed, answer = trickle(port, b"", [head[i:i + 1] for i in range(15)])
                result["closedAfter"], result["answer"] = closed, answer.decode("latin-1")
            slow = threading.Thread(target=trickle_head)
            slow.start()
            statuses, ports = [], []
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            for i in range(8):
                if i == 4:
                    time.sleep(4)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
                ports.append(connection.sock.getsockname()[1])
                time.sleep(0.2)
            slow.join()
            result["statuses"], result["ports"] = statuses, ports
            print(json.dumps(result))
            """, String(port), path]
        let data = Data(try await Subprocess.finish(process, busy: false).standardOutput.utf8)
        return try JSONDecoder().decode(Seen.self, from: data)
    }
}
