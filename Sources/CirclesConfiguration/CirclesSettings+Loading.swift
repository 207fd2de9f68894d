import CirclesDomain
import CirclesLogging
import Configuration
import Foundation
import Logging
import Mail

extension CirclesSettings {
    /// Reads flags → environment → file → defaults, validates every key and reports all problems at once.
    public static func load(_ sources: SettingsSources) async throws(ConfigurationError) -> LoadedSettings {
        var problems: [ConfigurationError.Problem] = []
        for name in sources.flags.keys.sorted() where SettingKey.named(name) == nil {
            problems.append(.init(key: name, source: "--set", KeySuggestion.unknown(name)))
        }
        let environment = sources.environment.filter { !$0.value.isEmpty }

        // The file: --config, else CIRCLES_CONFIG, else the default location if it exists.
        var file: SettingsFile?
        let named = sources.configPath ?? environment["CIRCLES_CONFIG"]
        let path = named ?? (FileManager.default.fileExists(atPath: sources.defaultPath) ? sources.defaultPath : nil)
        if let path {
            do throws(ConfigurationError) {
                file = try SettingsFile.check(path: path)
                problems += file?.problems ?? []
            } catch {
                problems += error.problems
            }
        }

        var providers: [any ConfigProvider] = []
        var sourceOf: [(String, SettingKey) -> SettingSource] = []
        var flagValues: [AbsoluteConfigKey: ConfigValue] = [:]
        for (name, value) in sources.flags {
            guard let key = SettingKey.named(name) else { continue }
            flagValues[AbsoluteConfigKey(key.components)] = ConfigValue(.string(value), isSecret: key.isSecret)
        }
        providers.append(InMemoryProvider(name: "flags", values: flagValues))
        sourceOf.append { _, _ in .flag }

        let environmentNames = Dictionary(uniqueKeysWithValues: SettingKey.all.map { ($0.name, $0.environment) })
        let secretNames = Set(SettingKey.all.filter(\.isSecret).map(\.environment))
        providers.append(
            KeyMappingProvider(
                upstream: EnvironmentVariablesProvider(
                    environmentVariables: environment, secretsSpecifier: .specific(secretNames))
            ) { key in
                environmentNames[key.components.joined(separator: ".")].map { AbsoluteConfigKey([$0]) } ?? key
            })
        sourceOf.append { _, key in .environment(key.environment) }

        if let file, !file.isEmpty {
            do {
                let secretKeys = Set(SettingKey.all.filter(\.isSecret).map(\.name))
                let location = ConfigReader(
                    provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(file.path), isSecret: false)]))
                providers.append(
                    try await FileProvider<YAMLSnapshot>(
                        parsingOptions: .init(secretsSpecifier: .dynamic { key, _ in secretKeys.contains(key) }),
                        config: location))
                sourceOf.append { name, _ in .file(path: file.path, line: file.lines[name]) }
            } catch {
                problems.append(.init(key: file.path, "cannot be read as YAML"))
            }
        }

        var defaults: [AbsoluteConfigKey: ConfigValue] = [:]
        for key in SettingKey.all {
            if let value = key.defaultValue {
                defaults[AbsoluteConfigKey(key.components)] = ConfigValue(.string(value), isSecret: false)
            }
        }
        providers.append(InMemoryProvider(name: "defaults", values: defaults))
        sourceOf.append { _, _ in .builtIn }

        let recorder = SourceRecorder()
        let reader = ConfigReader(providers: providers, accessReporter: recorder)
        var readings = SettingReadings()
        for key in SettingKey.all {
            // A key the file check already refused is not judged again as a value.
            if file?.problems.contains(where: { $0.key == key.name }) == true { continue }
            let value = reader.string(forKey: ConfigKey(key.components), isSecret: key.isSecret)
            let source = recorder.provider(for: AbsoluteConfigKey(key.components).description).map { sourceOf[$0](key.name, key) }
            readings.record(key, value: value, source: value == nil ? .unset : source ?? .unset)
        }

        let settings = readings.settings(problems: &problems)
        guard problems.isEmpty, let settings else { throw ConfigurationError(problems) }
        return LoadedSettings(settings: settings, entries: readings.entries(), file: file?.path)
    }
}

extension SettingKey {
    /// `["worker", "retry", "maxAttempts"]`.
    var components: [String] { name.split(separator: ".").map(String.init) }
}
