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

/// One GET made and parsed by Python: urllib for HTTP, prometheus_client's parser for the
/// metrics, both independent of the code under test.
struct Scrape {
    let status: Int
    let body: String
    /// Samples as `name{label=value,…}` (labels sorted) → value, from text_string_to_metric_families.
    let samples: [String: Double]
    /// Family name → type, as the parser understood it.
    let types: [String: String]

    static let script = """
        import sys, json, urllib.request, urllib.error
        try:
            response = urllib.request.urlopen(sys.argv[1], timeout=10)
            status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        samples, types = {}, {}
        if sys.argv[1].endswith('/metrics'):
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(body):
                types[family.name] = family.type
                for s in family.samples:
                    labels = ','.join('%s=%s' % kv for kv in sorted(s.labels.items()))
                    samples[s.name + '{' + labels + '}'] = s.value
        print(json.dumps({'status': status, 'body': body, 'samples': samples, 'types': types}))
        """

    static func get(_ url: String) throws -> Scrape {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", script, url]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let status = json["status"] as? Int, let body = json["body"] as? String
        else {
            throw TestSetupError(
                "python3 could not GET or parse \(url) (needs python3-prometheus-client): \(String(decoding: problem, as: UTF8.self))")
        }
        return Scrape(
            status: status, body: body, samples: (json["samples"] as? [String: Double]) ?? [:],
            types: (json["types"] as? [String: String]) ?? [:])
    }
}
