import CirclesDomain

/// Tables show ids short, as git and docker do: the first 8 hex digits, or more where two ids in
/// the same column share those, so no two ids in a listing look alike and a meeting's, series',
/// follow-up's or action item's short id is a prefix the CLI resolves to it.
/// JSON and CSV keep whole ids (scripts need no second lookup).
enum ShortIDs {
    /// The rows with each UUID in an id column (`id` or `…_id`) replaced by its shortest unique prefix.
    static func shortened(_ rows: [[String?]], columns: [String], except whole: Set<String> = []) -> [[String?]] {
        var rows = rows
        for (index, column) in columns.enumerated() where (column == "id" || column.hasSuffix("_id")) && !whole.contains(column) {
            let ids = Set(rows.compactMap { row in row[index].flatMap { ID<Never>($0) }.map(\.description) })
            let short = prefixes(ids)
            for row in rows.indices {
                if let value = rows[row][index], let id = ID<Never>(value) { rows[row][index] = short[id.description] }
            }
        }
        return rows
    }

    /// Each id's shortest prefix of at least 8 hex digits (hyphens kept) that no other id in `ids` starts with.
    static func prefixes(_ ids: Set<String>) -> [String: String] {
        let sorted = ids.sorted()
        var result: [String: String] = [:]
        for (index, id) in sorted.enumerated() {
            // Only the neighbours in sorted order can share the longest prefix.
            let neighbours = [index > 0 ? sorted[index - 1] : nil, index + 1 < sorted.count ? sorted[index + 1] : nil].compactMap { $0 }
            let shared = neighbours.map { zip(id, $0).prefix { $0 == $1 }.count }.max() ?? 0
            var length = max(IDPrefix<Never>.minimumDigits, shared + 1)
            if length < id.count, id[id.index(id.startIndex, offsetBy: length - 1)] == "-" { length += 1 }
            result[id] = String(id.prefix(length))
        }
        return result
    }
}
