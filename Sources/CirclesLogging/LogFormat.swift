/// How log lines are written: `text` for people at a terminal, `json` (one object per line)
/// or `logfmt` (`key=value` pairs) for log collectors.
public enum LogFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `time level label: message key=value`, for people.
    case text
    /// One JSON object per line.
    case json
    /// `key=value` pairs, quoted where needed.
    case logfmt

    /// The name used in configuration (`text`, `json`, `logfmt`).
    public var description: String { rawValue }
}
