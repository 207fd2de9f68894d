import CirclesServices
import Logging
import Postgres
import ServiceLifecycle

/// Keeps circles-web's `FeedValidatorCache` true: LISTENs on `circles_feeds` (migration 0014) on
/// a connection of its own and clears the cache on every notice for this schema (or one it cannot
/// attribute). While it is not listening — before the first connection, after a lost one, until
/// the next LISTEN has taken — the cache serves nothing, so feeds come from the database.
public struct FeedChangeListener: Service {
    /// The channel the triggers of migration 0014 notify.
    public static let channel = "circles_feeds"

    let database: PostgresConfiguration
    let cache: FeedValidatorCache
    let retryDelay: Duration
    let logger: Logger

    /// A listener for `database` that keeps `cache`; after a failure it tries again every `retryDelay`.
    public init(database: PostgresConfiguration, cache: FeedValidatorCache, retryDelay: Duration = .seconds(1), logger: Logger) {
        self.database = database
        self.cache = cache
        self.retryDelay = retryDelay
        self.logger = logger
    }

    /// Listens until graceful shutdown; a lost connection is reopened, after `retryDelay`, doubling
    /// while the database stays away (at most a minute), so an outage is one warning, not one a second.
    public func run() async throws {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await listen() }
                failures = 0
            } catch is CancellationError {
            } catch let lost as Lost {
                if lost.listened || failures == 0 {
                    logger.warning(
                        "feed change notices lost; serving feeds from the database until they are back", metadata: ["error": "\(lost.underlying)"])
                } else {
                    logger.debug("feed change notices still lost", metadata: ["error": "\(lost.underlying)", "attempts": "\(failures + 1)"])
                }
                failures = lost.listened ? 1 : failures + 1
            } catch {
                logger.warning("feed change notices lost; serving feeds from the database until they are back", metadata: ["error": "\(error)"])
                failures += 1
            }
            cache.setListening(false)
            guard !Task.isShuttingDownGracefully else { break }
            let wait = Self.delay(after: failures, first: retryDelay)
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
        }
    }

    /// Why listening ended, and whether it had begun (a first failure after listening is warned about).
    struct Lost: Error {
        let listened: Bool
        let underlying: any Error
    }

    /// The wait before the next attempt after `failures` attempts in a row that never listened.
    static func delay(after failures: Int, first: Duration) -> Duration {
        min(first * (1 << min(max(failures - 1, 0), 6)), max(first, .seconds(60)))
    }

    private func listen() async throws {
        var listened = false
        do {
            let connection = try await PostgresConnection.connect(database, logger: logger)
            do {
                // Notices name the schema the change was made in; ours is the connection's.
                let schema = try await Self.schema(on: connection)
                var notices = try await connection.notifications(channels: [Self.channel]).makeAsyncIterator()
                // LISTEN has taken: from here on no change goes unnoticed. Anything read before may be stale.
                cache.setListening(true)
                listened = true
                logger.info("listening for calendar feed changes", metadata: ["schema": "\(schema ?? "")"])
                while let notice = try await notices.next() {
                    if schema == nil || notice.payload == schema || notice.payload.isEmpty { cache.invalidateAll() }
                }
                cache.setListening(false)
                await connection.stopListeningAndClose()
            } catch {
                cache.setListening(false)
                await connection.stopListeningAndClose()
                throw error
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Lost(listened: listened, underlying: error)
        }
    }

    static func schema(on connection: isolated PostgresConnection) throws -> String? {
        guard let row = try connection.query("SELECT current_schema()").first else { return nil }
        return try row.decode(String?.self, at: 0)
    }
}
