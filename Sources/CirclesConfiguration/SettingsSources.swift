/// What `CirclesSettings.load` reads: flags, the environment, and where the file is.
public struct SettingsSources: Sendable {
    /// The default location of the configuration file, read only if it exists.
    public static let defaultFilePath = "/etc/circles/circles.yaml"

    /// Values from command-line flags, by dotted key (`database.url`, `log.level`, …).
    public var flags: [String: String]
    /// The process environment; `CIRCLES_…` variables are read, empty ones count as unset.
    public var environment: [String: String]
    /// `--config PATH`: this file must exist. When nil, `CIRCLES_CONFIG` names one that must
    /// exist, else `defaultFilePath` is read if it exists.
    public var configPath: String?
    /// Where to look when no file is named (tests point it elsewhere).
    public var defaultPath: String

    /// Sources for one run.
    public init(
        flags: [String: String] = [:], environment: [String: String], configPath: String? = nil,
        defaultPath: String = SettingsSources.defaultFilePath
    ) {
        self.flags = flags
        self.environment = environment
        self.configPath = configPath
        self.defaultPath = defaultPath
    }

    /// Adds `--set key=value` pairs to the flags; a pair without `=` is a problem naming it.
    public mutating func addAssignments(_ assignments: [String]) throws(ConfigurationError) {
        var problems: [ConfigurationError.Problem] = []
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                problems.append(
                    .init(key: "--set", "\"\(ConnectionText.redacted(assignment))\" is not key=value; accepted: e.g. --set worker.batchSize=100"))
                continue
            }
            flags[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        if !problems.isEmpty { throw ConfigurationError(problems) }
    }
}
