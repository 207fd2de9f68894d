import CirclesDomain
import CirclesServices
import Foundation
import HTTPTypes
import Hummingbird
import ICalendar
import NIOCore

extension WebApplication {
    /// `GET /feeds/<token>.ics` (and HEAD): a calendar feed. 304 when `If-None-Match` (or, without
    /// one, `If-Modified-Since`) matches; 404 for a token that is unknown, revoked or malformed,
    /// saying no more. Feeds may be kept by the subscriber's own client but not by shared caches,
    /// and are always revalidated (`private, no-cache`): the ETag makes that cheap.
    func calendarFeed(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        guard addressLimiter.allow(context.clientAddress(request)) else { throw HTTPError(.tooManyRequests) }
        guard let file = context.parameters.get("file"), file.hasSuffix(".ics"), let token = FeedToken(file.dropLast(4)) else {
            throw HTTPError(.notFound)
        }
        guard tokenLimiter.allow(token.text) else { throw HTTPError(.tooManyRequests) }
        let outcome = try await feeds.feed(
            token: token.text, ifNoneMatch: request.headers[.ifNoneMatch],
            ifModifiedSince: request.headers[.ifModifiedSince].flatMap { HTTPDate.parse($0) }, now: Date())
        if let ifMatch = request.headers[.ifMatch], let etag = outcome.validators?.etag, !Self.strongly(ifMatch, matches: etag) {
            throw HTTPError(.preconditionFailed)  // evaluated before If-None-Match (RFC 9110 §13.2.2)
        }
        switch outcome {
        case .notFound:
            throw HTTPError(.notFound)
        case .notModified(let validators):
            return Response(status: .notModified, headers: Self.feedHeaders(validators))
        case .feed(let validators, let bytes):
            var headers = Self.feedHeaders(validators)
            headers[.contentType] = CalendarFeed.contentType
            headers[.contentDisposition] = "inline; filename=\"circles.ics\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Whether an `If-Match` list holds `etag` by the strong comparison (a weak tag never matches), or is `*`.
    static func strongly(_ ifMatch: String, matches etag: String) -> Bool {
        ifMatch.split(separator: ",").contains { entry in
            let tag = entry.trimmingCharacters(in: .whitespaces)
            return tag == "*" || tag == etag
        }
    }

    static func feedHeaders(_ validators: CalendarFeeds.Validators) -> HTTPFields {
        [.eTag: validators.etag, .lastModified: HTTPDate.format(validators.lastModified), .cacheControl: feedCacheControl]
    }

    /// Feeds may be kept by the subscriber's own client but not by shared caches, and are always revalidated.
    static let feedCacheControl = "private, no-cache"
}
