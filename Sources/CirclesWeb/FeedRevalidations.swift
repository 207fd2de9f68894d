import CirclesDomain
import CirclesServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import Observability

/// Answers a calendar program's revalidation of its feed (`GET /feeds/<token>.ics` with
/// `If-None-Match` or `If-Modified-Since`) with 304 on the event loop, when the validator cache
/// holds the feed's current validators: no task, no router, no database. This is most of
/// circles-web's traffic, since subscribed calendars poll every few minutes.
///
/// It answers exactly as the route would (the same headers, the same rate limits counted once,
/// the same request metrics); anything else, or a cache miss, goes to the router, which then
/// counts the limits itself.
struct FeedRevalidations: ImmediateResponder {
    let prefix: String
    let feeds: CalendarFeeds
    let addressLimiter: RateLimiter
    let tokenLimiter: RateLimiter
    let tooManyRequestsPage: ByteBuffer
    /// The fields every such 304 (or 429) carries: the feed route's and the security headers, made once.
    let notModifiedHeaders: HTTPHeaders
    let tooManyRequestsHeaders: HTTPHeaders
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
        tooManyRequestsPage = ByteBuffer(string: errors.render(.tooManyRequests).description)
        func headers(_ fields: HTTPFields) -> HTTPHeaders {
            var fields = fields
            SecurityHeaders<WebRequestContext>.apply(to: &fields, strictTransport: strictTransport)
            return HTTPHeaders(fields.map { ($0.name.rawName, $0.value) })
        }
        notModifiedHeaders = headers([.cacheControl: WebApplication.feedCacheControl])
        tooManyRequestsHeaders = headers([
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .retryAfter: SecurityHeaders<WebRequestContext>.retryAfter,
        ])
        metrics = RouteMetrics(route: RouterPath("\(mountPath)/feeds/:file").description)
    }

    func response(to head: HTTPRequestHead, from peer: SocketAddress?) -> ImmediateResponse? {
        let path = head.uri.utf8
        guard head.method == .GET || head.method == .HEAD, path.count == prefix.utf8.count + FeedToken.length + 4,
            path.starts(with: prefix.utf8), path.reversed().starts(with: "sci.".utf8),
            let token = FeedToken(Substring(path.dropFirst(prefix.utf8.count).dropLast(4)))
        else { return nil }
        guard head.headers["If-Match"].isEmpty else { return nil }  // the route weighs it first
        let started = DispatchTime.now().uptimeNanoseconds
        let ifNoneMatch = Self.combined(head.headers["If-None-Match"])
        let ifModifiedSince = ifNoneMatch == nil ? Self.combined(head.headers["If-Modified-Since"]).flatMap { HTTPDate.parse($0) } : nil
        let now = Date()
        guard let validators = feeds.revalidated(token: token, ifNoneMatch: ifNoneMatch, ifModifiedSince: ifModifiedSince, now: now)
        else { return nil }
        // The route's limits, counted here instead of there.
        let client = WebRequestContext.clientAddress(peer: peer, forwardedFor: Self.combined(head.headers["X-Forwarded-For"]))
        var response: ImmediateResponse
        if addressLimiter.allow(client), tokenLimiter.allow(token.text) {
            var headers = notModifiedHeaders
            headers.add(name: "ETag", value: validators.etag)
            headers.add(name: "Last-Modified", value: HTTPDate.format(validators.lastModified))
            headers.add(name: "Date", value: clock.text(now))
            response = ImmediateResponse(status: .notModified, headers: headers)
        } else {
            var headers = tooManyRequestsHeaders
            headers.add(name: "Date", value: clock.text(now))
            response = ImmediateResponse(status: .tooManyRequests, headers: headers, body: head.method == .HEAD ? nil : tooManyRequestsPage)
        }
        metrics.record(method: head.method.rawValue, status: response.status.code, nanoseconds: DispatchTime.now().uptimeNanoseconds - started)
        return response
    }

    /// A field's values as one, the way HTTPTypes combines them (nil when absent).
    static func combined(_ values: [String]) -> String? {
        values.count > 1 ? values.joined(separator: ", ") : values.first
    }
}
