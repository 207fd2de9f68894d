import Logging
import Synchronization

/// The process's logging: bootstrapped once by each executable, then told the configured
/// level and format when the settings have been read.
public enum CirclesLogging {
    /// The level and format every `CirclesLogHandler` without its own follows.
    public struct Settings: Sendable, Equatable {
        /// The lowest level written.
        public var level: Logger.Level
        /// The line format.
        public var format: LogFormat

        /// A level and a format.
        public init(level: Logger.Level, format: LogFormat) {
            self.level = level
            self.format = format
        }
    }

    private static let state = Mutex(Settings(level: .info, format: .text))

    /// The settings in force now.
    public static var current: Settings { state.withLock { $0 } }

    /// Installs `CirclesLogHandler` as the process's log handler; call once, first thing in `main`.
    public static func bootstrap(_ initial: Settings) {
        configure(initial)
        LoggingSystem.bootstrap { label in CirclesLogHandler(label: label) }
    }

    /// Switches every handler that follows the process-wide settings to `settings`.
    public static func configure(_ settings: Settings) {
        state.withLock { $0 = settings }
    }
}
