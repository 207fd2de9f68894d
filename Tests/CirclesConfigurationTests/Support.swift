import CirclesConfiguration
import Foundation

/// A private directory for one test's files, removed when the test ends.
final class Scratch {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    var missing: String { directory.appendingPathComponent("absent.yaml").path }
}

/// YAML for dotted keys: `worker.retry.maxAttempts: 3` → nested mappings.
func yaml(_ values: [String: String]) -> String {
    var lines: [String] = []
    var open: [String] = []
    for (name, value) in values.sorted(by: { $0.key < $1.key }) {
        let parts = name.split(separator: ".").map(String.init)
        var common = 0
        while common < min(open.count, parts.count - 1), open[common] == parts[common] { common += 1 }
        open = Array(open.prefix(common))
        for index in common..<(parts.count - 1) {
            lines.append(String(repeating: "  ", count: index) + parts[index] + ":")
            open.append(parts[index])
        }
        let quoted = "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        lines.append(String(repeating: "  ", count: parts.count - 1) + parts.last! + ": " + quoted)
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Loads settings from the given flags, environment and (optionally) file text; never reads /etc.
func load(
    flags: [String: String] = [:], environment: [String: String] = [:], file: String? = nil, in scratch: Scratch
) async throws -> LoadedSettings {
    let path = try file.map { try scratch.write("circles.yaml", $0) }
    return try await CirclesSettings.load(
        SettingsSources(flags: flags, environment: environment, configPath: path, defaultPath: scratch.missing))
}

/// The error `load` throws, or nil when it succeeds.
func loadError(
    flags: [String: String] = [:], environment: [String: String] = [:], file: String? = nil, configPath: String? = nil,
    in scratch: Scratch
) async throws -> ConfigurationError? {
    let path = try configPath ?? file.map { try scratch.write("circles.yaml", $0) }
    do {
        _ = try await CirclesSettings.load(
            SettingsSources(flags: flags, environment: environment, configPath: path, defaultPath: scratch.missing))
        return nil
    } catch {
        return error
    }
}

extension LoadedSettings {
    func entry(_ key: String) -> SettingEntry? { entries.first { $0.key.name == key } }
}
