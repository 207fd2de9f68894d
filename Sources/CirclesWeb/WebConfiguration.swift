import CirclesConfiguration
import Foundation
import LinkTokens
import Observability

/// circles-web's view of validated settings (`CirclesSettings`: flags → `CIRCLES_…` environment →
/// YAML file → defaults; see config/circles.example.yaml, section `web`).
public struct WebConfiguration: Sendable {
    /// The PostgreSQL URL.
    public var databaseURL: String
    /// Connections kept open.
    public var poolSize: Int
    /// The public listener.
    public var listen: (host: String, port: Int)
    /// The address people reach circles-web at (links start with it); its path is where routes are mounted.
    public var publicURL: URL
    /// The link keys; circles-web needs them to verify anything.
    public var keyring: LinkKeyring
    /// The separate health (and metrics) listener, or nil when off.
    public var metricsAddress: (host: String, port: Int)?
    /// Requests per minute from one client address to the token pages.
    public var addressLimit = RateLimit(perMinute: 120, burst: 60)
    /// Requests per minute with one token.
    public var tokenLimit = RateLimit(perMinute: 30, burst: 15)
    /// The largest request body accepted. A one-click POST is a few dozen bytes; a response form
    /// with a note of the 500 characters allowed can be 6,000 bytes and more, a character in a
    /// script such as Bengali or Chinese being 3 or 4 bytes of UTF-8, each 3 once percent-encoded.
    public var maximumBodyBytes = 8_192
    /// What a connection to the public listener may cost before it sends a request head: 16 KiB,
    /// `web.requestHeadTimeout` from its first byte (and as long again for its body), 30 s idle; keep-alive.
    public var requestHeads = RequestHeadLimits()
    /// Everything else (log settings among them).
    public var settings: CirclesSettings

    /// The web's view of settings; fails when the database URL or the signing keys are not set.
    public init(settings: CirclesSettings) throws(ConfigurationError) {
        var problems: [ConfigurationError.Problem] = []
        do throws(ConfigurationError) { _ = try settings.database.requiredURL() } catch { problems += error.problems }
        if settings.web.signingKeys == nil {
            problems.append(.init(key: "web.signingKeys", "is not set; circles-web verifies signed links and needs the keys the worker signs with (CIRCLES_WEB_SIGNING_KEYS=ID:BASE64SECRET)"))
        }
        guard let url = URL(string: settings.web.publicURL) else {
            throw ConfigurationError(problems + [.init(key: "web.publicURL", "is not a URL")])
        }
        guard problems.isEmpty, let keyring = settings.web.signingKeys else { throw ConfigurationError(problems) }
        databaseURL = try settings.database.requiredURL()
        poolSize = settings.database.poolSize
        listen = settings.web.listen
        publicURL = url
        self.keyring = keyring
        metricsAddress = settings.web.metricsAddress
        requestHeads.headTimeout = settings.web.requestHeadTimeout
        if !settings.web.rateLimits {
            // A load test: buckets that never run dry.
            addressLimit = RateLimit(perMinute: .greatestFiniteMagnitude, burst: .greatestFiniteMagnitude)
            tokenLimit = addressLimit
        }
        self.settings = settings
    }

    /// Where routes are mounted: the public URL's path without its trailing slash (`/circles`), or empty.
    public var mountPath: String {
        var path = publicURL.path
        while path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
