import Foundation

/// A tool or package that some tests need (an independent parser, openssl).
///
/// Outside `make test` a test whose requirement is missing is skipped, so `swift test` works on
/// a bare machine. `make test` (deploy/local/run-tests.sh) exports `CIRCLES_REQUIRE_ALL=1`, and
/// there the test runs and fails, naming what to install — as the PostgreSQL, SMTP sink and
/// Chromium tests always do — so a machine without the tools cannot pass by skipping.
public struct Requirement: Sendable {
    /// Whether the requirement is met here.
    public let isMet: Bool
    /// What is missing and how to install it.
    public let missing: String

    /// A requirement; `missing` says what to install when `isMet` is false.
    public init(isMet: Bool, missing: String) {
        self.isMet = isMet
        self.missing = missing
    }

    /// Whether missing requirements fail rather than skip (`CIRCLES_REQUIRE_ALL=1`).
    public static var mustBeMet: Bool { ProcessInfo.processInfo.environment["CIRCLES_REQUIRE_ALL"] == "1" }

    /// Whether a test needing this should run: when met, or when it must be met (and will then fail).
    public var shouldRun: Bool { isMet || Self.mustBeMet }

    /// Throws `Missing` unless the requirement is met; call first in a test or suite `init`.
    public func check() throws {
        guard isMet else { throw Missing(description: missing) }
    }

    /// A requirement that is not met, under `make test`.
    public struct Missing: Error, CustomStringConvertible {
        /// What is missing and how to install it.
        public let description: String
    }
}
