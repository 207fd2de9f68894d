import Hummingbird

/// Responses circles-web sends.
enum WebResponse {
    /// An HTML page; never cached (token pages must not sit in shared caches or history).
    static func page(_ html: HTML, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: html.description)))
    }

    /// 303 See Other to `location` (after a POST, so reloading does not post again).
    static func seeOther(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
