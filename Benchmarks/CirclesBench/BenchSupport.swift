import Foundation

/// Small helpers shared by the benchmarks.
enum Bench {
    /// Prints a line at once, even when standard output is a pipe.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    /// Runs an external command and returns its standard output, failing loudly.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(executable))
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
        return text
    }

    /// Runs an external command with its standard output sent to the file at `path` (e.g.
    /// /dev/null), failing loudly with what it wrote to standard error.
    static func run(_ executable: String, _ arguments: [String], outputTo path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try locate(executable))
        process.arguments = arguments
        guard let output = FileHandle(forWritingAtPath: path) else { throw BenchError("cannot write to \(path)") }
        defer { try? output.close() }
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("\(executable) \(arguments.joined(separator: " ")) failed:\n\(String(decoding: data, as: UTF8.self))")
        }
    }

    /// Finds a program on PATH or in PostgreSQL's bin folder.
    static func locate(_ name: String) throws -> String {
        if name.contains("/") { return name }
        var folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        if let bin = ProcessInfo.processInfo.environment["CIRCLES_PG_BINDIR"] { folders.insert(bin, at: 0) }
        for folder in folders where FileManager.default.isExecutableFile(atPath: folder + "/" + name) {
            return folder + "/" + name
        }
        throw BenchError("\(name) not found on PATH")
    }

    /// Seconds taken by `body`.
    static func time(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func format(_ value: Double, decimals: Int = 0) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
