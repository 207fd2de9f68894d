import HTTPTypes
import Hummingbird
import Logging
import Postgres

/// Sets the strict headers on every response, and turns every failure into one of the plain
/// error pages (never a framework message or a stack of details).
struct SecurityHeaders<Context: RequestContext>: RouterMiddleware {
    let errors: ErrorPage
    let strictTransport: Bool

    /// When a client refused for its rate may come back: the page says "wait a minute".
    static var retryAfter: String { "60" }
    /// When to try again while the database is unavailable.
    static var retryAfterUnavailable: String { "30" }

    static var policy: String {
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// Sets the strict headers in `headers` (also used for responses answered before the router).
    static func apply(to headers: inout HTTPFields, strictTransport: Bool) {
        headers[.contentSecurityPolicy] = Self.policy
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Cross-Origin-Opener-Policy")!] = "same-origin"
        headers[.crossOriginResourcePolicy] = "same-origin"
        headers[HTTPField.Name("Permissions-Policy")!] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        if strictTransport { headers[.strictTransportSecurity] = "max-age=31536000" }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = WebResponse.page(errors.render(error.status), status: error.status)
            for field in error.headers where field.name != .contentType && field.name != .contentLength {
                response.headers[field.name] = field.value  // e.g. a 405's Allow
            }
        } catch let error as any HTTPResponseError {
            response = WebResponse.page(errors.render(error.status), status: error.status)
        } catch where PostgresError.meansUnavailable(error) {
            // The database out of reach or overloaded: "try again shortly", not a fault of the request.
            let cause = PostgresError.underlying(error)
            context.logger.warning(
                "database unavailable",
                metadata: [
                    "error.code": "\(cause.map { "\($0.code)" } ?? "")", "sqlstate": "\(cause?.sqlState?.code ?? "")",
                    "path": "\(context.endpointPath ?? "")",
                ])
            response = WebResponse.page(errors.render(.serviceUnavailable), status: .serviceUnavailable)
            response.headers[.retryAfter] = Self.retryAfterUnavailable
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(describing: type(of: error)))", "path": "\(context.endpointPath ?? "")"])
            response = WebResponse.page(errors.render(.internalServerError), status: .internalServerError)
        }
        Self.apply(to: &response.headers, strictTransport: strictTransport)
        if response.status == .tooManyRequests, response.headers[.retryAfter] == nil {
            response.headers[.retryAfter] = Self.retryAfter
        }
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
