/// Where a setting's value came from.
public enum SettingSource: Sendable, Hashable, CustomStringConvertible {
    /// A command-line flag (`--database-url`, `--set key=value`, …).
    case flag
    /// An environment variable, by name.
    case environment(String)
    /// The configuration file, and the line of the key when known.
    case file(path: String, line: Int?)
    /// The built-in default.
    case builtIn
    /// Worked out from other settings, e.g. the mail domain from the sender.
    case derived(from: String)
    /// Nowhere: the setting has no value.
    case unset

    /// `env CIRCLES_BATCH_SIZE`, `file /etc/circles/circles.yaml line 12`, `default`, …
    public var description: String {
        switch self {
        case .flag: "flag"
        case .environment(let name): "env \(name)"
        case .file(let path, let line): "file \(path)" + (line.map { " line \($0)" } ?? "")
        case .builtIn: "default"
        case .derived(let other): "derived from \(other)"
        case .unset: "not set"
        }
    }

    /// A short label for tables and JSON: flag, env, file, default, derived, unset.
    public var kind: String {
        switch self {
        case .flag: "flag"
        case .environment: "env"
        case .file: "file"
        case .builtIn: "default"
        case .derived: "derived"
        case .unset: "unset"
        }
    }
}
