import Foundation
import Matching

/// `circles pairs match --input`: JSON Lines in, one result line per input line out, in order,
/// each written as soon as it is computed so a caller can wait for every answer.
enum BatchMatching {
    /// The longest line read, in bytes (a longer line is answered with an error, unread).
    static let maximumLineBytes = 32 << 20
    /// The most nodes in one request.
    static let maximumNodes = 20_000
    /// The most edges in one request.
    static let maximumEdges = 1_000_000
    /// The largest absolute edge weight.
    static let maximumWeight = MaximumWeightMatching.maximumWeight

    /// Answers every request in the file at `path` (`-` for standard input) on standard output.
    static func run(path: String) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let file = FileHandle(forReadingAtPath: path) else {
                throw MatchingError("--input: cannot read \(path); give a readable file, or - for standard input")
            }
            handle = file
        }
        var reader = BoundedLineReader(handle: handle, maximumBytes: maximumLineBytes)
        while let line = try reader.next() {
            let result: String?
            switch line {
            case .text(let text): result = try self.result(for: text)
            case .tooLong:
                result = try JSONLine.object([
                    ("id", .null),
                    ("error", .string("the line is longer than \(maximumLineBytes) bytes; send a smaller graph")),
                ])
            }
            guard let result else { continue }
            FileHandle.standardOutput.write(Data((result + "\n").utf8))
        }
    }

    /// The output line for one input line (nil for a blank line, which is not a request).
    static func result(for line: String) throws -> String? {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return nil }
        guard
            let object = (try? JSONSerialization.jsonObject(with: Data(trimmed.utf8))) as? [String: Any]
        else {
            return try JSONLine.object([("id", .null), ("error", .string("the line is not a JSON object"))])
        }
        let id: JSONLine.Value = (object["id"] as? String).map { .string($0) } ?? .null
        let request: MatchRequest
        let matching: Matching
        do {
            request = try MatchRequest(object)
            matching = try MaximumWeightMatching.solve(
                vertexCount: request.nodes.count, edges: request.edges, maxCardinality: request.maxCardinality)
        } catch {
            return try JSONLine.object([("id", id), ("error", .string(error.message))])
        }
        let pairs = try matching.pairs.map { pair in
            "[" + (try request.nodes[pair.first].json()) + "," + (try request.nodes[pair.second].json()) + "]"
        }
        return try JSONLine.object([
            ("id", id), ("pairs", .json("[" + pairs.joined(separator: ",") + "]")),
            ("weight", .json(String(matching.totalWeight))),
        ])
    }
}
