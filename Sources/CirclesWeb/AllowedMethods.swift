import HTTPTypes
import Hummingbird

/// A method a route does not take is 405 with the methods it does (RFC 9110 §15.5.6), rather than
/// the 404 of an unknown path: `GET, HEAD, POST` for the link pages, `GET, HEAD` for feeds and
/// the stylesheet. Unknown paths stay 404, whatever the method. (Hummingbird's router answers 404
/// for both, so the middleware is told the routes: the same list the router is built from.)
struct AllowedMethods<Context: RequestContext>: RouterMiddleware {
    /// A route's path in segments (nil for a `:parameter`, which matches any non-empty segment), and its methods.
    struct Entry: Sendable {
        let segments: [Substring?]
        let methods: [HTTPRequest.Method]
    }

    let mountPath: String
    let entries: [Entry]

    /// The middleware for `routes`: each a path under `mountPath`, as the router is given it
    /// (`r/:token`), and the methods it takes.
    init(mountPath: String, routes: [(path: String, methods: [HTTPRequest.Method])]) {
        self.mountPath = mountPath
        entries = routes.map { route in
            Entry(segments: route.path.split(separator: "/").map { $0.hasPrefix(":") ? nil : $0 }, methods: route.methods)
        }
    }

    /// The methods the route at `path` takes, or nil when no route is there.
    func allowed(at path: Substring) -> [HTTPRequest.Method]? {
        guard path.hasPrefix(mountPath + "/") else { return nil }
        let parts = path.dropFirst(mountPath.count + 1).split(separator: "/", omittingEmptySubsequences: false)
        let entry = entries.first { entry in
            entry.segments.count == parts.count
                && zip(entry.segments, parts).allSatisfy { segment, part in segment.map { $0 == part } ?? !part.isEmpty }
        }
        return entry?.methods
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let methods = allowed(at: request.uri.path[...]), !methods.contains(request.method) {
            throw HTTPError(.methodNotAllowed, headers: [.allow: methods.map(\.rawValue).joined(separator: ", ")])
        }
        return try await next(request, context)
    }
}
