/// The head of one HTTP/1.x request: what the metrics and health endpoints need to answer it.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, e.g. `GET`.
    public var method: String
    /// The request target as sent, e.g. `/metrics?x=1`.
    public var target: String
    /// The path part of the target, without the query, e.g. `/metrics`.
    public var path: String
    /// `HTTP/1.1` or `HTTP/1.0`.
    public var version: String
    /// Header fields in order, names as sent.
    public var headers: [HTTPHeader]

    /// The value of the first field named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// One header field.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name as sent.
    public var name: String
    /// The value without surrounding whitespace.
    public var value: String

    /// A field.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
