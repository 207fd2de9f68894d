import Foundation

/// Where one migration stands in a database.
public struct MigrationStatus: Sendable, Hashable {
    /// The state of a migration.
    public enum State: String, Sendable, Hashable {
        /// Applied, and the file is unchanged since.
        case applied
        /// Known to this binary, not yet applied.
        case pending
        /// Applied, but the file has changed since: refused until restored.
        case changed
        /// Applied by a newer version of Circles that this binary does not know.
        case unknown
    }

    /// The migration's name.
    public let name: String
    /// Its state.
    public let state: State
    /// When it was applied, if it was.
    public let appliedAt: Date?
}

/// Why migrating stopped.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    /// A sentence for the operator.
    public let description: String
}
