import Foundation

/// Process-wide cache of transition tables, one per zone name, built on first use.
final class ZoneRulesCache: @unchecked Sendable {
    /// The shared cache.
    static let shared = ZoneRulesCache()

    // Guarded by `lock`; values are immutable once stored.
    private var tables: [String: ZoneRules] = [:]
    private let lock = NSLock()

    /// The rules for an IANA zone name, or nil if Foundation does not know the name.
    func rules(for identifier: String) -> ZoneRules? {
        lock.lock()
        if let cached = tables[identifier] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let built: ZoneRules
        if identifier == "UTC" || identifier == "Etc/UTC" {
            built = ZoneRules.utc
        } else {
            guard let zone = TimeZone(identifier: identifier) else { return nil }
            built = ZoneRules(zone: zone)
        }
        lock.lock()
        defer { lock.unlock() }
        if let raced = tables[identifier] { return raced }
        tables[identifier] = built
        return built
    }
}
