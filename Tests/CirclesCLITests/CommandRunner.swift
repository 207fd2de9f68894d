import Foundation

/// What one run of the `circles` binary printed and how it exited.
struct CommandResult: Sendable {
    let status: Int32
    let standardOutput: String
    let standardError: String
}

/// Runs the `circles` binary built next to this test bundle.
enum Circles {
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("circles")
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited.removeValue(forKey: "CIRCLES_DATABASE_URL")
        process.environment = inherited.merging(environment) { $1 }
        return try await finish(process)
    }

    /// A started process and its pipes, handed to the thread that waits for it (and used by nothing else then).
    private struct Running: @unchecked Sendable {
        let process: Process
        let output: Pipe
        let error: Pipe
    }

    /// Runs `process` to its end and collects what it printed, on a thread of its own: waiting
    /// for a process blocks, and blocking one of the test process's few cooperative threads for
    /// every command run starved other tests (a server that started in milliseconds seemed not to).
    static func finish(_ process: Process) async throws -> CommandResult {
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let running = Running(process: process, output: output, error: error)
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let outputData = running.output.fileHandleForReading.readDataToEndOfFile()
                let errorData = running.error.fileHandleForReading.readDataToEndOfFile()
                running.process.waitUntilExit()
                continuation.resume(returning: CommandResult(
                    status: running.process.terminationStatus,
                    standardOutput: String(decoding: outputData, as: UTF8.self),
                    standardError: String(decoding: errorData, as: UTF8.self)))
            }
        }
    }
}
