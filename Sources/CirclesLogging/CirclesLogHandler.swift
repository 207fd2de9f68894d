import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `LogHandler` that writes one line per record in the process's current `LogFormat`.
///
/// The level and format are read from `CirclesLogging` on every record unless this handler's
/// level was set explicitly, so loggers made before the configuration was read still follow it.
public struct CirclesLogHandler: LogHandler {
    /// The logger's label, e.g. `circles.worker`.
    public let label: String
    /// Where lines go (standard error unless a test captures them).
    let sink: @Sendable (String) -> Void
    private var explicitLevel: Logger.Level?
    private let format: LogFormat?

    /// Metadata attached to every record of this logger.
    public var metadata: Logger.Metadata = [:]
    /// Metadata supplied per record, e.g. by a tracing context.
    public var metadataProvider: Logger.MetadataProvider?

    /// A handler for `label` following the process-wide settings, writing to standard error.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.init(label: label, format: nil, level: nil, metadataProvider: metadataProvider, sink: StandardError.write)
    }

    /// A handler with a fixed format and level writing to `sink` (one call per line, newline included).
    public init(
        label: String, format: LogFormat?, level: Logger.Level?, metadataProvider: Logger.MetadataProvider? = nil,
        sink: @escaping @Sendable (String) -> Void
    ) {
        self.label = label
        self.format = format
        self.explicitLevel = level
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    /// The handler's own level if one was set, else the process-wide one.
    public var logLevel: Logger.Level {
        get { explicitLevel ?? CirclesLogging.current.level }
        set { explicitLevel = newValue }
    }

    /// One metadata field of this logger.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line for `event`.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let line = LogLine(
            time: .now(), level: event.level, label: label, message: event.message.description, metadata: merged)
        sink(line.rendered(format ?? CirclesLogging.current.format) + "\n")
    }
}

/// Whole-line writes to standard error, so lines from several tasks never interleave.
enum StandardError {
    @Sendable static func write(_ line: String) {
        let bytes = Array(line.utf8)
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let written = Glibc.write(2, base + offset, buffer.count - offset)
                #else
                let written = Darwin.write(2, base + offset, buffer.count - offset)
                #endif
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
