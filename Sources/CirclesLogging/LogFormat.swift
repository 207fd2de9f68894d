/// How log lines are written: `text` for people at a terminal, `json` (one object per line)
/// or `logfmt` (`key=value` pairs) for log collectors.
public enum LogFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    case text
    case json
    case logfmt

    /// The name used in configuration (`text`, `json`, `logfmt`).
    public var description: String { rawValue }
}
