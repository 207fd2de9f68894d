import HTTPTypes
import Hummingbird

/// A method a route does not take is 405 with the methods it does (RFC 9110 §15.5.6), rather than
/// the 404 of an unknown path: `GET, HEAD, POST` for the link pages, `GET, HEAD` for feeds and
/// the stylesheet. Unknown paths stay 404, whatever the method.
struct AllowedMethods<Context: RequestContext>: RouterMiddleware {
    let mountPath: String

    /// The methods the route at `path` takes, or nil when no route is there.
    func allowed(at path: Substring) -> [HTTPRequest.Method]? {
        guard path.hasPrefix(mountPath + "/") else { return nil }
        let route = path.dropFirst(mountPath.count + 1)
        let parts = route.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return nil }
        switch parts[0] {
        case "r", "u", "p": return [.get, .head, .post]
        case "feeds": return [.get, .head]
        case "static" where parts[1] == "circles.css": return [.get, .head]
        default: return nil
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let methods = allowed(at: request.uri.path[...]), !methods.contains(request.method) {
            throw HTTPError(.methodNotAllowed, headers: [.allow: methods.map(\.rawValue).joined(separator: ", ")])
        }
        return try await next(request, context)
    }
}
