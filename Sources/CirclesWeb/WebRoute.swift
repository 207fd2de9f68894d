import HTTPTypes
import Hummingbird

/// A page of the public listener: its path under the mount path (`:name` marks a parameter), what
/// GET does there (HEAD too, without the body: RFC 9110 §9.3.2), and what POST does, if it takes one.
struct WebRoute: Sendable {
    typealias Handler = @Sendable (Request, WebRequestContext) async throws -> Response

    let path: String
    let get: Handler
    let post: Handler?

    init(_ path: String, get: @escaping Handler, post: Handler? = nil) {
        self.path = path
        self.get = get
        self.post = post
    }

    /// The methods the route takes, for `Allow`.
    var methods: [HTTPRequest.Method] { post == nil ? [.get, .head] : [.get, .head, .post] }
}
