import CirclesDomain
import CirclesServices
import Foundation
import HTTPTypes
import Hummingbird
import LinkTokens
import Logging
import NIOCore
import Observability

/// circles-web: the response and unsubscribe pages behind signed links, on Hummingbird.
///
/// Stateless: everything a request needs is in its signed link and the database, so any number
/// of replicas can run behind a reverse proxy (rate limits are per replica; the feed validator
/// cache is per replica and cleared by the database's change notices).
public struct WebApplication: Sendable {
    let configuration: WebConfiguration
    let services: CirclesServices
    let logger: Logger
    let addressLimiter: RateLimiter
    let tokenLimiter: RateLimiter
    let layout: PageLayout
    let feeds: CalendarFeeds
    /// Answers from many requests written in one transaction (group commit).
    let answers: LinkAnswerWriter

    /// The application over `services`, configured by `configuration`. With `feedCache` (kept
    /// true by a `FeedChangeListener`), feed revalidations are answered from memory.
    public init(configuration: WebConfiguration, services: CirclesServices, feedCache: FeedValidatorCache? = nil, logger: Logger) {
        self.configuration = configuration
        self.services = services
        self.logger = logger
        feeds = CalendarFeeds(pool: services.pool, domain: configuration.settings.mail.domain, cache: feedCache)
        answers = LinkAnswerWriter(services: services)
        addressLimiter = RateLimiter(configuration.addressLimit)
        tokenLimiter = RateLimiter(configuration.tokenLimit)
        layout = PageLayout(mountPath: configuration.mountPath)
    }

    /// The router: `/r/<token>` (respond), `/u/<token>` (unsubscribe), `/p/<token>` (whether a pair met), `/static/circles.css`,
    /// all under the public URL's path; everything else is the plain 404 page.
    public func router() -> Router<WebRequestContext> {
        let router = Router(context: WebRequestContext.self)
        // Request counts and durations through swift-metrics, on the operations listener's /metrics.
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityHeaders(errors: ErrorPage(layout: layout), strictTransport: configuration.publicURL.scheme == "https"))
        let routes = routes()
        router.add(middleware: AllowedMethods(mountPath: configuration.mountPath, routes: routes.map { ($0.path, $0.methods) }))
        let base = configuration.mountPath.isEmpty ? router.group() : router.group(RouterPath(configuration.mountPath))
        for route in routes {
            // Every page answers HEAD as GET without the body: link checkers and mail scanners use
            // it, and it changes nothing either.
            base.on(RouterPath(route.path), method: .get, use: route.get)
            base.on(RouterPath(route.path), method: .head, use: route.get)
            if let post = route.post { base.on(RouterPath(route.path), method: .post, use: post) }
        }
        return router
    }

    /// The pages, under the public URL's path.
    func routes() -> [WebRoute] {
        [
            WebRoute("static/circles.css") { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=86400"],
                    body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
            },
            WebRoute("r/:token", get: { try await showResponse($0, $1) }, post: { try await recordResponse($0, $1) }),
            WebRoute("u/:token", get: { try await showUnsubscribe($0, $1) }, post: { try await unsubscribe($0, $1) }),
            WebRoute("feeds/:file", get: { try await calendarFeed($0, $1) }),
            WebRoute("p/:token", get: { try await showPairMeeting($0, $1) }, post: { try await recordPairMeeting($0, $1) }),
        ]
    }

    /// The HTTP application on the public listener.
    public func application(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(
            router: router(),
            // A client that opens a connection and then sends nothing is dropped after 30 s, and one
            // that trickles a request head after `web.requestHeadTimeout`, so neither idle nor slow
            // sockets can pile up (Observability's guard, as on the operations listener, keep-alive kept).
            // Feed revalidations the cache can answer are answered on the event loop.
            server: .guardedHTTP1(configuration.requestHeads, immediate: feedRevalidations),
            configuration: .init(address: .hostname(configuration.listen.host, port: configuration.listen.port), serverName: nil),
            onServerRunning: onServerRunning, logger: logger)
    }

    /// Feed revalidations answered from the validator cache before the router, when there is a cache.
    var feedRevalidations: FeedRevalidations? {
        guard feeds.cache != nil else { return nil }
        return FeedRevalidations(
            mountPath: configuration.mountPath, feeds: feeds, addressLimiter: addressLimiter, tokenLimiter: tokenLimiter,
            strictTransport: configuration.publicURL.scheme == "https", errors: ErrorPage(layout: layout))
    }

    // MARK: Responses

    func showResponse(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        let claims = try verified(token, .respond)
        guard let meetingID = claims.meetingID else { throw HTTPError(.notFound) }
        let suggested = request.uri.queryParameters["a"].flatMap { ResponseAnswer(rawValue: String($0)) }
        let saved = request.uri.queryParameters["saved"] == "1"
        return try await responsePage(token: token, meetingID: meetingID, personID: claims.personID, suggested: suggested, saved: saved)
    }

    /// The response page for a verified link, as it stands now.
    func responsePage(
        token: String, meetingID: ID<Meeting>, personID: ID<Person>, suggested: ResponseAnswer?, saved: Bool,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let invitation = try await found { try await services.responseInvitation(meeting: meetingID, person: personID, now: Date()) }
        let page = ResponsePage(layout: layout).render(
            invitation, formToken: FormToken.make(for: token, keyring: configuration.keyring), suggested: suggested, saved: saved)
        return WebResponse.page(page, status: status)
    }

    func recordResponse(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        try sameOrigin(request)
        var request = request
        let form = try await formFields(&request)
        let claims = try verified(token, .respond)
        guard let meetingID = claims.meetingID else { throw HTTPError(.notFound) }
        guard let formToken = form["form"], FormToken.isValid(formToken, for: token, keyring: configuration.keyring) else {
            logger.info("response refused: form token missing or wrong", metadata: ["meeting.id": "\(meetingID)"])
            throw HTTPError(.forbidden)
        }
        guard let answerText = form["answer"], let answer = ResponseAnswer(rawValue: answerText) else { throw HTTPError(.badRequest) }
        let outcome: ResponseOutcome
        do {
            outcome = try await found {
                try await answers.record(LinkAnswer(meetingID: meetingID, personID: claims.personID, answer: answer, note: form["note"], at: Date()))
            }
        } catch is DomainError {
            throw HTTPError(.badRequest)  // a note with control characters or over 500 characters (the field's maxlength stops the latter)
        }
        logger.info("response", metadata: ["meeting.id": "\(meetingID)", "outcome": "\(Self.name(outcome))"])
        if case .refused = outcome {
            // Not a redirect as if saved: 409 and the page saying why (the meeting started, or was
            // cancelled), so a client that does not read the page still learns nothing was recorded.
            return try await responsePage(token: token, meetingID: meetingID, personID: claims.personID, suggested: nil, saved: false, status: .conflict)
        }
        return WebResponse.seeOther("\(configuration.mountPath)/r/\(token)?saved=1")
    }

    // MARK: Unsubscribe

    func showUnsubscribe(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        let claims = try verified(token, .unsubscribe)
        let receives = try await found { try await services.receivesReminders(person: claims.personID) }
        return WebResponse.page(UnsubscribePage(layout: layout).confirm(receivesReminders: receives))
    }

    /// RFC 8058 one-click: the body is `List-Unsubscribe=One-Click`; the signed URL is the proof
    /// (a mail provider posting it has no page to take a form token from).
    func unsubscribe(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let token = try limited(request, context)
        var request = request
        let form = try await formFields(&request, multipart: true)  // RFC 8058 §3.1: SHOULD be multipart/form-data
        guard form["List-Unsubscribe"]?.trimmingCharacters(in: .whitespacesAndNewlines) == "One-Click" else { throw HTTPError(.badRequest) }
        let claims = try verified(token, .unsubscribe)
        let outcome = try await found { try await services.unsubscribe(person: claims.personID) }
        logger.info("unsubscribe", metadata: ["outcome": "\(outcome)"])
        return WebResponse.page(UnsubscribePage(layout: layout).done(already: outcome != .optedOut))
    }

    // MARK: Checks

    /// The token from the path, after the per-address and per-token limits; a token of the wrong
    /// length is not looked at further.
    func limited(_ request: Request, _ context: WebRequestContext) throws -> String {
        guard addressLimiter.allow(context.clientAddress(request)) else { throw HTTPError(.tooManyRequests) }
        guard let token = context.parameters.get("token"), token.utf8.count == LinkToken.length else { throw HTTPError(.notFound) }
        guard tokenLimiter.allow(token) else { throw HTTPError(.tooManyRequests) }
        return token
    }

    func verified(_ token: String, _ purpose: LinkPurpose) throws -> LinkClaims {
        do {
            return try LinkToken.verify(token, purpose: purpose, keyring: configuration.keyring, now: Date())
        } catch {
            logger.info("link refused", metadata: ["reason": "\(error)", "purpose": "\(purpose)"])
            throw HTTPError(.notFound)
        }
    }

    /// A POST from another site is refused: browsers say where a form came from. Sec-Fetch-Site
    /// (which pages cannot set) decides when present; otherwise an Origin, when sent, must be this
    /// site. (Under `Referrer-Policy: no-referrer` browsers send `Origin: null` with forms, so a
    /// null Origin proves nothing either way; the form value still must match.)
    func sameOrigin(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!] {
            guard site == "same-origin" || site == "none" else {
                logger.info("response refused: cross-site form", metadata: ["sec-fetch-site": "\(site.prefix(32))"])
                throw HTTPError(.forbidden)
            }
            return
        }
        guard let origin = request.headers[.origin]?.lowercased(), origin != "null" else { return }
        let host = request.head.authority.map { [$0.lowercased()] } ?? []
        let accepted = [Self.origin(of: configuration.publicURL)] + host.flatMap { ["http://\($0)", "https://\($0)"] }
        guard accepted.contains(origin) else {
            logger.info("response refused: foreign origin")
            throw HTTPError(.forbidden)
        }
    }

    /// A POSTed form's fields: urlencoded, or also multipart where `multipart` allows it. Another
    /// type is 415; a body declared or found larger than the limit 413, before it is read.
    func formFields(_ request: inout Request, multipart: Bool = false) async throws -> FormFields {
        guard let encoding = FormEncoding(contentType: request.headers[.contentType]) else { throw HTTPError(.unsupportedMediaType) }
        let declared = request.headers[.contentLength].flatMap { Int($0) }
        if let declared, declared > configuration.maximumBodyBytes { throw HTTPError(.contentTooLarge) }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: configuration.maximumBodyBytes)
        } catch let error as HTTPError {
            throw error  // 413 past the limit
        } catch {
            // The body ended before it was whole (a client gone, bad chunking): a bad request, not a fault here.
            logger.info("request body cut short", metadata: ["error": "\(String(describing: type(of: error)))"])
            throw HTTPError(.badRequest)
        }
        // A body cut short is not a shorter form: a note must not be stored half-sent.
        if let declared, declared != body.readableBytes {
            throw HTTPError(.badRequest)
        }
        let fields: FormFields?
        switch encoding {
        case .urlEncoded: fields = FormFields(Array(buffer: body))
        case .multipart(let boundary):
            guard multipart else { throw HTTPError(.unsupportedMediaType) }
            fields = FormFields(multipart: body, boundary: boundary)
        }
        guard let fields else { throw HTTPError(.badRequest) }
        return fields
    }

    /// `body`, with a service's "not found" as the 404 page.
    func found<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as ServiceError where error.kind == .notFound {
            throw HTTPError(.notFound)
        }
    }

    static func origin(of url: URL) -> String {
        let scheme = url.scheme?.lowercased() ?? "https"
        let host = url.host?.lowercased() ?? ""
        let port = url.port.map { ":\($0)" } ?? ""
        return "\(scheme)://\(host)\(port)"
    }

    static func name(_ outcome: ResponseOutcome) -> String {
        switch outcome {
        case .recorded: "recorded"
        case .unchanged: "unchanged"
        case .superseded: "superseded"
        case .refused(let reason): "refused: \(reason)"
        }
    }
}
