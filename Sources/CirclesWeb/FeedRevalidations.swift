import CirclesDomain
import CirclesServices
import Foundation
import HTTPTypes
import Hummingbird
import Metrics
import NIOCore
import Observability
import Synchronization

/// Answers a calendar program's revalidation of its feed (`GET /feeds/<token>.ics` with
/// `If-None-Match` or `If-Modified-Since`) with 304 on the event loop, when the validator cache
/// holds the feed's current validators: no task, no router, no database. This is most of
/// circles-web's traffic, since subscribed calendars poll every few minutes.
///
/// It answers exactly as the route would (the same headers, the same rate limits counted once,
/// the same request metrics); anything else, or a cache miss, goes to the router.
struct FeedRevalidations: ImmediateResponder {
    let prefix: String
    let feeds: CalendarFeeds
    let addressLimiter: RateLimiter
    let tokenLimiter: RateLimiter
    let strictTransport: Bool
    let tooManyRequestsPage: ByteBuffer
    /// The fields every such 304 carries (the feed route's and the security headers), made once.
    let notModifiedFields: HTTPFields
    let tooManyRequestsFields: HTTPFields
    let metrics: RouteMetrics
    let clock = HTTPDateClock()

    init(
        mountPath: String, feeds: CalendarFeeds, addressLimiter: RateLimiter, tokenLimiter: RateLimiter, strictTransport: Bool,
        errors: ErrorPage
    ) {
        prefix = "\(mountPath)/feeds/"
        self.feeds = feeds
        self.addressLimiter = addressLimiter
        self.tokenLimiter = tokenLimiter
        self.strictTransport = strictTransport
        tooManyRequestsPage = ByteBuffer(string: errors.render(.tooManyRequests).description)
        var fields: HTTPFields = [.cacheControl: WebApplication.feedCacheControl]
        SecurityHeaders<WebRequestContext>.apply(to: &fields, strictTransport: strictTransport)
        notModifiedFields = fields
        fields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"]
        SecurityHeaders<WebRequestContext>.apply(to: &fields, strictTransport: strictTransport)
        tooManyRequestsFields = fields
        metrics = RouteMetrics(route: RouterPath("\(mountPath)/feeds/:file").description)
    }

    func response(to head: HTTPRequest, from peer: SocketAddress?) -> ImmediateResponse? {
        guard head.method == .get || head.method == .head, let path = head.path, path.hasPrefix(prefix), path.hasSuffix(".ics"),
            let token = FeedToken(path.dropFirst(prefix.count).dropLast(4))
        else { return nil }
        let started = DispatchTime.now().uptimeNanoseconds
        let ifNoneMatch = head.headerFields[.ifNoneMatch]
        let ifModifiedSince = ifNoneMatch == nil ? head.headerFields[.ifModifiedSince].flatMap { HTTPDate.parse($0) } : nil
        let now = Date()
        guard let validators = feeds.revalidated(token: token, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince, now: now)
        else { return nil }
        // The route's limits, counted here instead of there.
        let client = WebRequestContext.clientAddress(peer: peer, forwardedFor: head.headerFields[HTTPField.Name("X-Forwarded-For")!])
        var response: ImmediateResponse
        if addressLimiter.allow(client), tokenLimiter.allow(token.text) {
            var fields = notModifiedFields
            fields.append(HTTPField(name: .eTag, value: validators.etag))
            fields.append(HTTPField(name: .lastModified, value: HTTPDate.format(validators.lastModified)))
            fields.append(HTTPField(name: .date, value: clock.text(now)))
            response = ImmediateResponse(head: HTTPResponse(status: .notModified, headerFields: fields))
        } else {
            var fields = tooManyRequestsFields
            fields.append(HTTPField(name: .date, value: clock.text(now)))
            response = ImmediateResponse(
                head: HTTPResponse(status: .tooManyRequests, headerFields: fields), body: head.method == .head ? nil : tooManyRequestsPage)
        }
        metrics.record(method: head.method, status: response.head.status, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        return response
    }
}

/// The request metrics Hummingbird's `MetricsMiddleware` keeps for a route (`hb.requests` and
/// `http.server.request.duration` by route, method and status), for responses made before the router.
final class RouteMetrics: Sendable {
    struct Key: Hashable {
        let method: HTTPRequest.Method
        let status: Int
    }

    let route: String
    private let recorders = Mutex<[Key: (Counter, Metrics.Timer)]>([:])

    init(route: String) { self.route = route }

    func record(method: HTTPRequest.Method, status: HTTPResponse.Status, nanoseconds: UInt64) {
        let (counter, timer) = recorders.withLock { recorders in
            let key = Key(method: method, status: status.code)
            if let found = recorders[key] { return found }
            let dimensions = [("http.route", route), ("http.request.method", method.rawValue), ("http.response.status_code", "\(status.code)")]
            let made = (Counter(label: "hb.requests", dimensions: dimensions), Metrics.Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
            recorders[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(Int64(clamping: nanoseconds))
    }
}

/// The `Date` header's text, written once a second rather than once a response.
final class HTTPDateClock: Sendable {
    private let last = Mutex<(second: Int, text: String)>((-1, ""))

    func text(_ now: Date) -> String {
        let second = Int(now.timeIntervalSince1970)
        return last.withLock { last in
            if last.second != second { last = (second, HTTPDate.format(now)) }
            return last.text
        }
    }
}
