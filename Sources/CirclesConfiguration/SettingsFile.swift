import Foundation
import Yams

/// The structure of a configuration file, checked before its values are read: it must be YAML,
/// a mapping of known keys to single values. Problems name the line.
struct SettingsFile: Sendable {
    /// The file as given.
    let path: String
    /// The line of each key found, by dotted name.
    let lines: [String: Int]
    /// Whether the file holds no document at all (only comments, or nothing): all defaults.
    var isEmpty = false

    /// Problems with keys (unknown, or not a single value); the other keys can still be read.
    var problems: [ConfigurationError.Problem] = []

    /// Reads and checks the file at `path`. Throws when it cannot be read or parsed at all; problems
    /// with single keys are returned in `problems`, so that they are listed with the values' problems.
    static func check(path: String) throws(ConfigurationError) -> SettingsFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ConfigurationError([
                .init(
                    key: path,
                    exists
                        ? "cannot read the configuration file (is it UTF-8 text, and readable by this user?)"
                        : "no such configuration file; give the path of a YAML file such as config/circles.example.yaml")
            ])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError([.init(key: path, syntaxMessage(error))])
        }
        guard let root else { return SettingsFile(path: path, lines: [:], isEmpty: true) }
        guard let mapping = root.mapping else {
            throw ConfigurationError([.init(key: path, "line \(root.line): the file must be a mapping of keys such as worker: and log:")])
        }
        var lines: [String: Int] = [:]
        var problems: [ConfigurationError.Problem] = []
        walk(mapping, prefix: [], path: path, lines: &lines, problems: &problems)
        return SettingsFile(path: path, lines: lines, problems: problems)
    }

    private static func walk(
        _ mapping: Node.Mapping, prefix: [String], path: String, lines: inout [String: Int],
        problems: inout [ConfigurationError.Problem]
    ) {
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string, !key.isEmpty else {
                problems.append(.init(key: prefix.joined(separator: "."), source: "\(path) line \(keyNode.line)", "a key must be a plain name"))
                continue
            }
            let components = prefix + key.split(separator: ".").map(String.init)
            let name = components.joined(separator: ".")
            let source = "\(path) line \(keyNode.line)"
            let known = SettingKey.named(name)
            switch value {
            case .mapping(let nested):
                if let known {
                    problems.append(.init(key: known, source: source, "is a single value, not a section; accepted: \(known.accepted)"))
                } else if SettingKey.all.contains(where: { $0.name.hasPrefix(name + ".") }) {
                    walk(nested, prefix: components, path: path, lines: &lines, problems: &problems)
                } else {
                    problems.append(.init(key: name, source: source, KeySuggestion.unknown(name)))
                }
            case .sequence:
                if let known {
                    problems.append(
                        .init(key: known, source: source, "is a list; give one value (a list of offsets is written 2d,1h); accepted: \(known.accepted)"))
                } else {
                    problems.append(.init(key: name, source: source, KeySuggestion.unknown(name)))
                }
            case .scalar(let scalar):
                guard let known else {
                    problems.append(.init(key: name, source: source, KeySuggestion.unknown(name)))
                    continue
                }
                if scalar.string.isEmpty || (scalar.style == .plain && ["~", "null", "Null", "NULL"].contains(scalar.string)) {
                    problems.append(
                        .init(key: known, source: source, "has no value; give one or remove the line to use the default; accepted: \(known.accepted)"))
                    continue
                }
                lines[name] = keyNode.line
            case .alias:
                problems.append(.init(key: name, source: source, "YAML aliases are not supported here; write the value"))
            }
        }
    }

    /// `line 3, column 7: YAML syntax error: …` without echoing the file's text (it may hold a password).
    private static func syntaxMessage(_ error: any Error) -> String {
        guard let error = error as? YamlError else { return "is not valid YAML" }
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): YAML syntax error: \(problem)"
        case .reader(let problem, _, _, _):
            return "YAML reading error: \(problem)"
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.joined(separator: ", ")
            return "line \(context.mark.line): duplicate key \(keys)"
        default:
            return "is not valid YAML"
        }
    }
}

extension Node {
    /// The 1-based line where the node starts (0 when unknown).
    fileprivate var line: Int { mark?.line ?? 0 }
}
