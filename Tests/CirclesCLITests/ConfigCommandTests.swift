import Foundation
import Testing

@Suite("circles config check")
struct ConfigCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = root.appendingPathComponent("config/circles.example.yaml").path

    /// A clean environment: no CIRCLES_… settings from the test harness.
    static var quiet: [String: String] {
        Dictionary(uniqueKeysWithValues: SettingNames.all.map { ($0, "") })
    }

    @Test("the example configuration validates and prints every key with its source, passwords redacted")
    func exampleValidates() async throws {
        let result = try await Circles.run(["config", "check", "--config", Self.example], environment: Self.quiet)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("worker.batchSize"))
        #expect(result.standardOutput.contains("postgres://circles:***@db.internal:5432/circles"))
        #expect(result.standardOutput.contains("# file \(Self.example) line"))
        #expect(!result.standardOutput.contains("change-me"))
    }

    @Test("--format json lists each key with value and source; flags and the environment win over the file")
    func json() async throws {
        let result = try await Circles.run(
            ["config", "check", "--config", Self.example, "--format", "json", "--set", "worker.batchSize=7"],
            environment: Self.quiet.merging(["CIRCLES_LOG_FORMAT": "logfmt"]) { $1 })
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let rows = try #require(object["settings"] as? [[String: Any]])
        let byKey = Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as? String ?? "", $0) })
        #expect(byKey["worker.batchSize"]?["value"] as? String == "7")
        #expect(byKey["worker.batchSize"]?["source"] as? String == "flag")
        #expect(byKey["log.format"]?["value"] as? String == "logfmt")
        #expect(byKey["log.format"]?["from"] as? String == "CIRCLES_LOG_FORMAT")
        #expect(byKey["worker.lease"]?["source"] as? String == "file")
        #expect(!result.standardOutput.contains("change-me"))
    }

    @Test("a bad file exits 1 and lists every problem (unknown keys and bad values) by key, without the password")
    func badFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("circles-bad-\(UUID().uuidString).yaml").path
        try """
            database:
              url: postgres://circles:hunter2@db/circles
            worker:
              batchSize: 0
              batchSise: 3
            log:
              format: xml
            """.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await Circles.run(["config", "check", "--config", path], environment: Self.quiet)
        #expect(result.status == 1)
        #expect(result.standardError.contains("worker.batchSise: unknown key; did you mean worker.batchSize?"))
        #expect(result.standardError.contains("worker.batchSize: 0 is out of range; accepted: a whole number from 1 to 1000"))
        #expect(result.standardError.contains("log.format: \"xml\" is not recognised; accepted: one of text, json, logfmt"))
        #expect(result.standardError.contains("invalid configuration (3 problems)"))
        #expect(!result.standardError.contains("hunter2"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test("a missing --config file exits 1 naming the path")
    func missingFile() async throws {
        let result = try await Circles.run(["config", "check", "--config", "/nonexistent/circles.yaml"], environment: Self.quiet)
        #expect(result.status == 1)
        #expect(result.standardError.contains("/nonexistent/circles.yaml: no such configuration file"))
    }

    @Test("circles-worker refuses a bad configuration before connecting, naming the key")
    func workerRefusesBadConfiguration() async throws {
        let process = Process()
        process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-worker")
        process.arguments = ["run", "--once", "--config", Self.example, "--set", "worker.lease=1s"]
        process.environment = ProcessInfo.processInfo.environment.merging(Self.quiet) { $1 }
        let result = try await Subprocess.finish(process)
        let text = result.standardError
        #expect(result.status == 1)
        #expect(text.contains("worker.lease: \"1s\" is out of range"))
        #expect(!text.contains("change-me"))
    }
}

/// The environment variables of every setting, to blank out the test harness's.
enum SettingNames {
    static let all = [
        "CIRCLES_DATABASE_URL", "CIRCLES_DATABASE_POOL_SIZE", "CIRCLES_DATABASE_SSL_ROOT_CERT", "CIRCLES_SMTP_URL",
        "CIRCLES_MAIL_FROM", "CIRCLES_MAIL_DOMAIN", "CIRCLES_UNSUBSCRIBE_URL", "CIRCLES_REMINDER_OFFSETS",
        "CIRCLES_FACILITATOR_REMINDER_OFFSETS", "CIRCLES_HORIZON_DAYS", "CIRCLES_PASS_INTERVAL_SECONDS",
        "CIRCLES_POLL_INTERVAL_SECONDS", "CIRCLES_BATCH_SIZE", "CIRCLES_LEASE_SECONDS", "CIRCLES_RETRY_MAX_ATTEMPTS",
        "CIRCLES_RETRY_BASE_DELAY_SECONDS", "CIRCLES_RETRY_MAX_DELAY_SECONDS", "CIRCLES_NOTES_RETENTION_DAYS",
        "CIRCLES_OUTBOX_RETENTION_DAYS", "CIRCLES_CLI_STATEMENT_TIMEOUT", "CIRCLES_CLI_IDLE_IN_TRANSACTION_TIMEOUT", "CIRCLES_LOG_LEVEL", "CIRCLES_LOG_FORMAT", "CIRCLES_METRICS_ADDRESS", "CIRCLES_CONFIG",
        "CIRCLES_WEB_LISTEN", "CIRCLES_WEB_PUBLIC_URL", "CIRCLES_WEB_SIGNING_KEYS", "CIRCLES_WEB_METRICS_ADDRESS",
        "CIRCLES_WEB_REQUEST_HEAD_TIMEOUT",
    ]
}
