/// Parses the head of an HTTP/1.x request (RFC 9112) from the bytes read so far.
///
/// Strict where laxness would be a risk: header names may not be followed by whitespace,
/// obsolete line folding is refused, an HTTP/1.1 request needs a `Host` field, and the head
/// may not exceed a size limit. Bodies are not read: the endpoints take none.
public enum HTTPRequestParser {
    /// What the bytes so far amount to.
    public enum Result: Sendable, Hashable {
        /// The head is not complete yet; read more.
        case incomplete
        /// A complete, valid head.
        case complete(HTTPRequest)
        /// A request to refuse with `status` (400, 431 or 505) and a reason for the client.
        case invalid(status: Int, reason: String)
    }

    /// Parses `bytes` at once; a head larger than `limit` bytes, empty lines before it included,
    /// is refused with 431. A server reading from a socket feeds an `HTTPHeadReader` instead.
    public static func parse(_ bytes: some Collection<UInt8>, limit: Int = 8_192) -> Result {
        var reader = HTTPHeadReader(limit: limit)
        return reader.append(bytes)
    }

    /// Parses a complete head: from the request line up to and including the blank line.
    static func parseHead(_ head: ArraySlice<UInt8>) -> Result {
        var lines = lines(head)
        guard !lines.isEmpty else { return .invalid(status: 400, reason: "no request line") }
        let requestLine = lines.removeFirst()
        guard let text = String(validating: requestLine, as: UTF8.self), text.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 || $0 == " " }) else {
            return .invalid(status: 400, reason: "the request line has control or non-ASCII characters")
        }
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .invalid(status: 400, reason: "expected METHOD SP target SP HTTP/1.1")
        }
        let method = String(parts[0]), target = String(parts[1]), version = String(parts[2])
        guard method.utf8.allSatisfy(isTokenByte) else { return .invalid(status: 400, reason: "the method is not a token") }
        guard version.hasPrefix("HTTP/"), version.count == 8 else { return .invalid(status: 400, reason: "malformed HTTP version") }
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .invalid(status: 505, reason: "only HTTP/1.0 and HTTP/1.1 are supported")
        }
        guard let path = path(of: target) else { return .invalid(status: 400, reason: "the request target is not a path") }

        var headers: [HTTPHeader] = []
        for line in lines {
            if line.first == 32 || line.first == 9 { return .invalid(status: 400, reason: "obsolete line folding is not accepted") }
            guard let colon = line.firstIndex(of: 58), colon > line.startIndex else {
                return .invalid(status: 400, reason: "a header line has no field name")
            }
            let name = line[line.startIndex..<colon]
            guard name.allSatisfy(isTokenByte) else { return .invalid(status: 400, reason: "a header field name is not a token") }
            let value = line[line.index(after: colon)...].drop { $0 == 32 || $0 == 9 }
            guard value.allSatisfy({ $0 == 9 || ($0 >= 32 && $0 != 127) }) else {
                return .invalid(status: 400, reason: "a header value has control characters")
            }
            let trimmed = value.reversed().drop { $0 == 32 || $0 == 9 }.reversed()
            headers.append(HTTPHeader(String(decoding: name, as: UTF8.self), String(decoding: trimmed, as: UTF8.self)))
        }
        let request = HTTPRequest(method: method, target: target, path: path, version: version, headers: headers)
        if version == "HTTP/1.1" && headers.filter({ $0.name.lowercased() == "host" }).count != 1 {
            return .invalid(status: 400, reason: "an HTTP/1.1 request needs exactly one Host field")
        }
        if request.header("Transfer-Encoding") != nil || (request.header("Content-Length").map { $0 != "0" } ?? false) {
            return .invalid(status: 400, reason: "request bodies are not accepted")
        }
        return .complete(request)
    }

    /// The index just past the blank line that ends the head, if it has arrived.
    static func headEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if bytes[index] == 10 {
                if index + 1 < bytes.count, bytes[index + 1] == 10 { return index + 2 }
                if index + 2 < bytes.count, bytes[index + 1] == 13, bytes[index + 2] == 10 { return index + 3 }
            }
            index += 1
        }
        return nil
    }

    /// The lines of a head, without line ends (CRLF, or a lone LF as RFC 9112 §2.2 allows), up to the blank line.
    static func lines(_ head: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        for index in head.indices where head[index] == 10 {
            var line = head[lineStart..<index]
            if line.last == 13 { line = line.dropLast() }
            if line.isEmpty { break }
            lines.append(line)
            lineStart = index + 1
        }
        return lines
    }

    /// The path of an origin-form (`/a?b`) or absolute-form (`http://host/a?b`) target.
    static func path(of target: String) -> String? {
        var rest = Substring(target)
        if let schemeEnd = rest.range(of: "://"), ["http", "https"].contains(rest[..<schemeEnd.lowerBound].lowercased()) {
            rest = rest[schemeEnd.upperBound...]
            guard let slash = rest.firstIndex(of: "/") else { return "/" }
            rest = rest[slash...]
        }
        guard rest.hasPrefix("/") else { return nil }
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest)
    }

    /// RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
