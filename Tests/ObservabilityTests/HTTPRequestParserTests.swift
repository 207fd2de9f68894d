import Observability
import Testing

@Suite("HTTP/1.1 request heads are parsed strictly")
struct HTTPRequestParserTests {
    func parse(_ text: String, limit: Int = 8_192) -> HTTPRequestParser.Result {
        HTTPRequestParser.parse(Array(text.utf8), limit: limit)
    }

    @Test("a GET with a query yields method, path without the query, and headers in order")
    func simpleGet() throws {
        guard case .complete(let request) = parse("GET /metrics?name[]=x HTTP/1.1\r\nHost: worker:9464\r\nAccept:  text/plain \r\n\r\n") else {
            Issue.record("expected a complete request")
            return
        }
        #expect(request.method == "GET")
        #expect(request.path == "/metrics")
        #expect(request.target == "/metrics?name[]=x")
        #expect(request.header("accept") == "text/plain")
        #expect(request.headers.map(\.name) == ["Host", "Accept"])
    }

    @Test("bytes that stop before the blank line are incomplete, whatever the split")
    func incomplete() {
        let whole = "GET /health/ready HTTP/1.1\r\nHost: x\r\n\r\n"
        for end in 0..<whole.utf8.count {
            #expect(HTTPRequestParser.parse(Array(whole.utf8.prefix(end))) == .incomplete, "cut at \(end)")
        }
        #expect(parse(whole) != .incomplete)
    }

    @Test("bare line feeds and leading empty lines are tolerated, as RFC 9112 allows")
    func lenientLineEnds() {
        guard case .complete(let request) = parse("\r\nGET / HTTP/1.0\n\n") else {
            Issue.record("expected a complete request")
            return
        }
        #expect(request.version == "HTTP/1.0")
    }

    @Test("an absolute-form target routes by its path")
    func absoluteForm() {
        guard case .complete(let request) = parse("GET http://worker:9464/metrics HTTP/1.1\r\nHost: worker:9464\r\n\r\n") else {
            Issue.record("expected a complete request")
            return
        }
        #expect(request.path == "/metrics")
    }

    @Test("malformed heads are refused with the right status", arguments: [
        ("GET /\r\n\r\n", 400),  // no version
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // double space
        ("GET / HTTP/1.1\r\n\r\n", 400),  // no Host in HTTP/1.1
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),  // two Hosts
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),  // space before the colon
        ("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),  // obsolete folding
        ("GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", 400),  // a body
        ("GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // method not a token
        ("GET metrics HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // not a path
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTPS/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /\u{7F} HTTP/1.1\r\nHost: x\r\n\r\n", 400),  // control character
    ])
    func refused(text: String, status: Int) {
        guard case .invalid(let got, let reason) = parse(text) else {
            Issue.record("accepted: \(text.debugDescription)")
            return
        }
        #expect(got == status, "\(text.debugDescription): \(reason)")
    }

    @Test("a head over the size limit is refused with 431, complete or not")
    func tooLarge() {
        let big = "GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + String(repeating: "a", count: 200)
        guard case .invalid(431, _) = parse(big, limit: 100) else {
            Issue.record("an endless head should be refused")
            return
        }
        guard case .invalid(431, _) = parse(big + "\r\n\r\n", limit: 100) else {
            Issue.record("a complete but large head should be refused")
            return
        }
    }

    @Test("empty lines before the request line count toward the size limit")
    func leadingEmptyLinesCount() {
        let request = "GET / HTTP/1.0\r\n\r\n"
        guard case .invalid(431, _) = parse(String(repeating: "\r\n", count: 60) + request, limit: 100) else {
            Issue.record("120 bytes of empty lines and a request should not fit in 100")
            return
        }
        guard case .complete = parse(String(repeating: "\r\n", count: 30) + request, limit: 100) else {
            Issue.record("80 bytes should fit in 100")
            return
        }
    }

    @Test("a head fed one byte at a time reads the same as one fed at once")
    func byteByByte() {
        let whole = "\r\nGET /metrics?x HTTP/1.1\r\nHost: w\r\nAccept: */*\r\n\r\n"
        var reader = HTTPHeadReader(limit: 8_192)
        var results: [HTTPRequestParser.Result] = []
        for byte in whole.utf8 { results.append(reader.append([byte])) }
        #expect(results.dropLast().allSatisfy { $0 == .incomplete })
        #expect(results.last == parse(whole))
        #expect(reader.room == 0)
    }

    @Test("responses carry Content-Length and Connection: close; HEAD gets the head only")
    func responses() {
        let response = HTTPResponse.text(200, "ok\n")
        let full = String(decoding: response.serialized(), as: UTF8.self)
        #expect(full.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(full.contains("\r\nContent-Length: 3\r\n"))
        #expect(full.contains("\r\nConnection: close\r\n"))
        #expect(full.hasSuffix("\r\n\r\nok\n"))
        #expect(String(decoding: response.serialized(headOnly: true), as: UTF8.self).hasSuffix("Content-Length: 3\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n"))
    }

    @Test("listen addresses parse from host:port, [v6]:port and :port, and say what is wrong otherwise")
    func listenAddresses() throws {
        #expect(try ListenAddress(parsing: "127.0.0.1:9464") == ListenAddress(host: "127.0.0.1", port: 9464))
        #expect(try ListenAddress(parsing: "[::1]:9464") == ListenAddress(host: "::1", port: 9464))
        #expect(try ListenAddress(parsing: ":9464") == ListenAddress(host: nil, port: 9464))
        #expect(try ListenAddress(parsing: "[::1]:9464").description == "[::1]:9464")
        for bad in ["9464", "host:", "host:99999", "::1:9464", "[::1:9464", "a b:1"] {
            #expect(throws: ListenAddressError.self, "\(bad)") { try ListenAddress(parsing: bad) }
        }
    }
}
