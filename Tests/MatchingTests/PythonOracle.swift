import Foundation

/// Runs one of the Python scripts beside these tests with Debian's `/usr/bin/python3` (which
/// `deploy/local/ensure-packages.sh` gives networkx and scipy) over a file of JSON lines, once
/// for a whole batch, and returns its output lines. A missing module fails the test: these
/// oracles are the acceptance check, so they are never skipped.
enum PythonOracle {
    static let interpreter = "/usr/bin/python3"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The output lines of `script` run over `lines`.
    static func run(script: String, lines: [String]) throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        let input = FileManager.default.temporaryDirectory.appendingPathComponent(
            "circles-matching-\(UUID().uuidString).jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: input)
        defer { try? FileManager.default.removeItem(at: input) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = [folder.appendingPathComponent(script).path, input.path]
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent(
            "circles-matching-\(UUID().uuidString).err")
        guard FileManager.default.createFile(atPath: errors.path, contents: nil) else {
            throw Failure(description: "cannot create \(errors.path)")
        }
        defer { try? FileManager.default.removeItem(at: errors) }
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run \(interpreter): \(error); install python3 (deploy/local/ensure-packages.sh)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw Failure(
                description: "\(script) failed (status \(process.terminationStatus)); "
                    + "deploy/local/ensure-packages.sh installs python3-networkx and python3-scipy:\n\(message)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
