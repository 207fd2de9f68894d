import CirclesConfiguration
import CirclesLogging
import Foundation

/// Reads the settings for one CLI command and points logging at them.
enum CLISettings {
    /// Flags → environment → file → defaults. The CLI logs warnings and errors only unless
    /// `log.level` is set somewhere.
    static func load(flags: [String: String] = [:], configPath: String?) async throws -> LoadedSettings {
        let loaded = try await CirclesSettings.load(
            SettingsSources(flags: flags, environment: ProcessInfo.processInfo.environment, configPath: configPath))
        var log = loaded.settings.log.logging
        if loaded.source(of: "log.level") == .builtIn { log.level = .warning }
        CirclesLogging.configure(log)
        return loaded
    }
}
