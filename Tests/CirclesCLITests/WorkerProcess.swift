import Foundation
import PostgresTestSupport

/// A `circles-worker run` daemon started for a test, its standard error in a file.
final class WorkerProcess {
    let process = Process()
    let log: URL
    private let logHandle: FileHandle

    init(environment: [String: String], arguments: [String] = ["run", "--name", "test-worker"]) throws {
        process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-worker")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("circles-worker-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        logHandle = try FileHandle(forWritingTo: log)
        process.standardError = logHandle
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port the metrics server reports it listens on (it was asked for port 0).
    func metricsPort(within limit: Duration = .seconds(10)) async throws -> Int {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline && process.isRunning {
            if let range = output.range(of: #"address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(output[range].split(separator: ":").last ?? "") ?? 0
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSetupError("the worker did not report its metrics address: \(output)")
    }

    /// Sends SIGTERM and waits for the exit status.
    func stop() async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(20)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? logHandle.close()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: log)
    }
}
