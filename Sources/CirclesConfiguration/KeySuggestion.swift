/// Words for an unknown key: the likely intended key, else the keys of its section, else the sections.
enum KeySuggestion {
    static func unknown(_ name: String) -> String {
        let lowered = name.lowercased()
        let scored = SettingKey.all.map { ($0.name, distance(lowered, $0.name.lowercased())) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(2, name.count / 5) {
            return "unknown key; did you mean \(best.0)?"
        }
        let section = String(name.split(separator: ".").first ?? "")
        let siblings = SettingKey.all.filter { $0.section == section }.map(\.name)
        if !siblings.isEmpty {
            return "unknown key; accepted keys in \(section): " + siblings.joined(separator: ", ")
        }
        var sections: [String] = []
        for key in SettingKey.all where !sections.contains(key.section) { sections.append(key.section) }
        return "unknown key; accepted sections: " + sections.joined(separator: ", ")
            + " (config/circles.example.yaml lists every key)"
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where j <= b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
