import Foundation
import Logging

extension LoadedSettings {
    /// Where `key` came from.
    public func source(of key: String) -> SettingSource {
        entries.first { $0.key.name == key }?.source ?? .unset
    }

    /// The effective configuration as aligned `key  value  source` lines, secrets redacted.
    public func textReport() -> String {
        let rows = entries.map { ($0.key.name, $0.value ?? "(not set)", $0.source.description) }
        let keyWidth = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(rows.map(\.1.count).max() ?? 0, 48)
        var lines = ["# configuration file: \(file ?? "none")", "# secrets are shown redacted"]
        for (key, value, source) in rows {
            let paddedKey = key.padding(toLength: keyWidth, withPad: " ", startingAt: 0)
            let paddedValue = value.count >= valueWidth ? value : value.padding(toLength: valueWidth, withPad: " ", startingAt: 0)
            lines.append("\(paddedKey)  \(paddedValue)  # \(source)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The effective configuration as JSON: `{"file": …, "settings": [{"key", "value", "source", "from"}]}`.
    public func jsonReport() -> String {
        struct Row: Encodable {
            let key: String
            let value: String?
            let source: String
            let from: String?
            let environment: String
        }
        struct Report: Encodable {
            let file: String?
            let settings: [Row]
        }
        let rows = entries.map { entry in
            let from: String? =
                switch entry.source {
                case .environment(let name): name
                case .file(let path, let line): path + (line.map { ":\($0)" } ?? "")
                case .derived(let other): other
                default: nil
                }
            return Row(
                key: entry.key.name, value: entry.value, source: entry.source.kind, from: from,
                environment: entry.key.environment)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Report(file: file, settings: rows))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The effective configuration as log metadata (`config.worker.batchSize` …), secrets redacted.
    public var logMetadata: Logger.Metadata {
        var metadata: Logger.Metadata = [:]
        for entry in entries {
            metadata["config.\(entry.key.name)"] = .string(entry.value ?? "(not set)")
        }
        if let file { metadata["config.file"] = .string(file) }
        return metadata
    }
}
