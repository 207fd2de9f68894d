/// A parsed message: the top-level header and every leaf part, multiparts and attached messages
/// walked depth-first within `MIMELimits`. Pure: fetches nothing, follows no reference.
public struct MIMEMessage: Sendable, Hashable {
    /// The top-level header.
    public var headers: MIMEHeaders
    /// The leaves, in order.
    public var parts: [MIMEPart]
    /// Parts skipped for size or count, and nesting cut off at the depth limit.
    public var skipped: [String]

    /// Parses `bytes`; never fails: what cannot be read is skipped and named in `skipped`.
    public init(parsing bytes: [UInt8], limits: MIMELimits = .init()) {
        var walker = Walker(limits: limits)
        let (headers, body) = Walker.splitEntity(bytes[...], limit: limits.maximumHeaderBytes)
        self.headers = headers
        if bytes.count > limits.maximumMessageBytes {
            self.parts = []
            self.skipped = ["the message has \(bytes.count) bytes, more than the limit of \(limits.maximumMessageBytes)"]
            return
        }
        walker.walk(headers: headers, body: body, depth: 0)
        self.parts = walker.parts
        self.skipped = walker.skipped
        if walker.leavesOverLimit > 0 { skipped.append("\(walker.leavesOverLimit) parts beyond the limit of \(limits.maximumParts)") }
        if walker.entities > walker.maximumEntities {
            skipped.append("more than \(walker.maximumEntities) parts and multiparts: the rest was not read")
        }
    }

    /// Walks one entity tree.
    struct Walker {
        let limits: MIMELimits
        var parts: [MIMEPart] = []
        var skipped: [String] = []
        /// Entities (leaves, multiparts, attached messages) walked so far; the walk stops past
        /// `maximumEntities`, so a body of nothing but boundary lines costs no more than that.
        var entities = 0
        var leavesOverLimit = 0
        var maximumEntities: Int { limits.maximumParts * 2 }

        init(limits: MIMELimits) { self.limits = limits }

        /// Header and body of one entity, split at the first empty line.
        static func splitEntity(_ bytes: ArraySlice<UInt8>, limit: Int) -> (MIMEHeaders, ArraySlice<UInt8>) {
            var index = bytes.startIndex
            var lineStart = index
            while index < bytes.endIndex, index - bytes.startIndex <= limit {
                if bytes[index] == 0x0A {
                    let line = bytes[lineStart..<index]
                    if line.isEmpty || line == [0x0D] {
                        return (MIMEHeaders.parse(bytes[bytes.startIndex..<lineStart]), bytes[(index + 1)...])
                    }
                    lineStart = index + 1
                }
                index += 1
            }
            if index - bytes.startIndex > limit { return (MIMEHeaders.parse(bytes[bytes.startIndex..<lineStart]), []) }
            return (MIMEHeaders.parse(bytes), [])
        }

        mutating func walk(headers: MIMEHeaders, body: ArraySlice<UInt8>, depth: Int) {
            entities += 1
            guard entities <= maximumEntities else { return }
            let type = headers.first("Content-Type").map(MIMEContentType.init(parsing:)) ?? .plainText
            guard depth <= limits.maximumDepth else {
                skipped.append("a part nested deeper than \(limits.maximumDepth) levels")
                return
            }
            if type.mediaType.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], !boundary.isEmpty {
                let room = maximumEntities - entities + 1
                for child in Self.children(of: body, boundary: Array(("--" + boundary).utf8), upTo: room) {
                    let (childHeaders, childBody) = Self.splitEntity(child, limit: limits.maximumHeaderBytes)
                    walk(headers: childHeaders, body: childBody, depth: depth + 1)
                }
                return
            }
            let encoding = headers.first("Content-Transfer-Encoding")?.trimmingSpaces() ?? "7bit"
            if type.mediaType == "message/rfc822", !["base64", "quoted-printable"].contains(encoding.lowercased()) {
                let (innerHeaders, innerBody) = Self.splitEntity(body, limit: limits.maximumHeaderBytes)
                walk(headers: innerHeaders, body: innerBody, depth: depth + 1)
                return
            }
            guard parts.count < limits.maximumParts else {
                leavesOverLimit += 1
                return
            }
            // Encoded bodies shrink (base64 by a quarter); refuse before decoding what cannot fit.
            guard body.count <= limits.maximumPartBytes * 4 / 3 + 4_096 else {
                skipped.append("a \(type.mediaType) part of \(body.count) bytes, more than the limit of \(limits.maximumPartBytes)")
                return
            }
            let decoded = MIMEText.decode(body, encoding: encoding)
            guard decoded.count <= limits.maximumPartBytes else {
                skipped.append("a \(type.mediaType) part of \(decoded.count) bytes, more than the limit of \(limits.maximumPartBytes)")
                return
            }
            let disposition = headers.first("Content-Disposition").map(MIMEContentType.init(parsing:))
            parts.append(
                MIMEPart(contentType: type, filename: disposition?.parameters["filename"] ?? type.parameters["name"], body: decoded))
        }

        /// The bodies between boundary lines (`--boundary`, closed by `--boundary--`), at most `limit`.
        static func children(of body: ArraySlice<UInt8>, boundary: [UInt8], upTo limit: Int) -> [ArraySlice<UInt8>] {
            var children: [ArraySlice<UInt8>] = []
            var start: Int?
            var lineStart = body.startIndex
            var index = body.startIndex
            while lineStart < body.endIndex {
                index = lineStart
                while index < body.endIndex, body[index] != 0x0A { index += 1 }
                let line = body[lineStart..<index]
                if line.starts(with: boundary) {
                    let rest = line.dropFirst(boundary.count)
                    let closing = rest.starts(with: [0x2D, 0x2D])
                    if rest.allSatisfy({ $0 == 0x0D || $0 == 0x20 || $0 == 0x09 }) || closing {
                        if let begin = start {
                            // The line break before the boundary belongs to the boundary.
                            var end = lineStart
                            if end > begin, body[end - 1] == 0x0A { end -= 1 }
                            if end > begin, body[end - 1] == 0x0D { end -= 1 }
                            children.append(body[begin..<end])
                            if children.count >= limit { return children }
                        }
                        if closing { return children }
                        start = index < body.endIndex ? index + 1 : body.endIndex
                    }
                }
                lineStart = index < body.endIndex ? index + 1 : body.endIndex
            }
            // An unclosed multipart: keep what was opened.
            if let begin = start, begin < body.endIndex { children.append(body[begin...]) }
            return children
        }
    }
}
