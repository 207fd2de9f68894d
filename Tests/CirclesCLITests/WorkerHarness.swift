import Foundation
import PostgresTestSupport

/// Runs `circles-worker` to completion (e.g. `run --once`) and returns what it printed.
func runWorker(_ arguments: [String], environment: [String: String]) async throws -> CommandResult {
    let process = Process()
    process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-worker")
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    return try await Subprocess.finish(process)
}

/// A `circles-worker` daemon started for a test, its log kept in a file.
final class WorkerProcess: @unchecked Sendable {
    let process = Process()
    let log: URL
    let name: String

    init(name: String = "test-worker", environment: [String: String], arguments: [String]? = nil) throws {
        self.name = name
        process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-worker")
        process.arguments = arguments ?? ["run", "--name", name]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("circles-\(name)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// The port the metrics server reports it listens on (it was asked for port 0). The limit is
    /// generous: start-up takes milliseconds, but a machine busy compiling once took over ten seconds.
    func metricsPort(within limit: Duration = .seconds(30)) async throws -> Int {
        // The reported port, or 0 once the process has ended without reporting one.
        let reported = try await poll(for: limit) { () -> Int? in
            let output = output
            if let range = output.range(of: #"health checks address=127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(output[range].split(separator: ":").last ?? "") ?? 0
            }
            return process.isRunning ? nil : 0
        }
        if let reported, reported > 0 { return reported }
        throw TestSetupError("the worker did not report its metrics address: \(output)")
    }

    /// Sends `signal` and waits up to `seconds` for the process to end; returns its exit status, or nil if it did not end.
    func stop(_ signal: Int32 = SIGTERM, within seconds: Double = 30) async throws -> Int32? {
        kill(process.processIdentifier, signal)
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }
}

/// `smtp_sink.py` (aiosmtpd) on a free port for one test: stores each accepted message as
/// `<n>.eml`, answers by recipient (`flaky-…` defers each message once, `reject-…` refuses).
final class PrivateSMTPSink: @unchecked Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("MailTransportTests/smtp_sink.py").path
    let process = Process()
    let lifeline = Pipe()
    let directory: URL
    let port: Int

    init(options: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("circles-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script, "--dir", directory.path] + options
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = Int(text.dropFirst(5)) else {
            throw TestSetupError("the SMTP sink did not start (needs python3-aiosmtpd): \(text)")
        }
        self.port = port
    }

    var url: String { "smtp://127.0.0.1:\(port)" }

    /// The stored messages' bytes.
    func messages() -> [Data] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }
        return names.compactMap { try? Data(contentsOf: directory.appendingPathComponent($0)) }
    }

    /// Each stored message's Message-ID header.
    func messageIDs() -> [String] {
        messages().compactMap { data in
            String(decoding: data, as: UTF8.self).split(separator: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                .map { String($0.dropFirst("message-id:".count)).trimmingCharacters(in: .whitespaces) }
        }
    }

    /// Python's `email` parser with `policy.strict` over every stored message: nil when all parse
    /// without a defect, else what it said.
    func strictParseFailures() async throws -> String? {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        check.arguments = ["-c", """
            import sys, glob, email.policy
            from email.parser import BytesParser
            import icalendar
            for path in glob.glob(sys.argv[1] + '/*.eml'):
                with open(path, 'rb') as f:
                    msg = BytesParser(policy=email.policy.strict).parse(f)
                assert not msg.defects, (path, msg.defects)
                assert msg['Message-ID'] and msg['Subject'] and msg['Date'], path
                types = [part.get_content_type() for part in msg.walk()]
                assert 'text/plain' in types and 'text/html' in types, (path, types)
                for part in msg.walk():
                    assert not part.defects, (path, part.defects)
                    if part.get_content_type() == 'text/calendar' and part.get_filename():
                        icalendar.Calendar.from_ical(part.get_content())
            """, directory.path]
        let result = try await Subprocess.finish(check)
        return result.status == 0 ? nil : result.standardError
    }

    deinit {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A PostgreSQL cluster of the test's own, so it can be stopped and started without disturbing
/// the suites sharing the main test server. Run as `postgres` when the tests run as root.
final class PrivateCluster: @unchecked Sendable {
    let directory: URL
    let port: Int
    let binDirectory: String

    init() throws {
        guard let bin = ProcessInfo.processInfo.environment["CIRCLES_PG_BINDIR"], !bin.isEmpty else {
            throw TestSetupError("CIRCLES_PG_BINDIR is not set; run the tests through `make test`")
        }
        binDirectory = bin
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("circles-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Int.random(in: 30_000...60_000)
        if getuid() == 0 { try Self.shell(["chown", "postgres:postgres", directory.path]) }
        try asOwner(["\(bin)/initdb", "-D", "\(directory.path)/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        try start()
    }

    /// `postgres://…` through the Unix socket in the cluster's folder, database `postgres`.
    var url: String { "postgres://postgres@localhost:\(port)/postgres?host=\(directory.path)" }

    func start() throws {
        try asOwner([
            "\(binDirectory)/pg_ctl", "-D", "\(directory.path)/data", "-l", "\(directory.path)/log", "-w", "-o",
            "-p \(port) -k \(directory.path) -c listen_addresses='' -c fsync=off", "start",
        ])
    }

    func stop() throws {
        try asOwner(["\(binDirectory)/pg_ctl", "-D", "\(directory.path)/data", "-m", "fast", "-w", "stop"])
    }

    private func asOwner(_ command: [String]) throws {
        try Self.shell(getuid() == 0 ? ["runuser", "-u", "postgres", "--"] + command : command)
    }

    /// Runs a command to completion with posix_spawn and waitpid, its errors to a file. Not with
    /// Foundation's Process: the server `pg_ctl start` leaves behind keeps Process from ever seeing
    /// its child end. The child starts with no signals blocked, as the server needs.
    static func shell(_ command: [String]) throws {
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("circles-shell-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: errors) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let arguments = (["/usr/bin/env", "-C", "/"] + command).map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, arguments, environ)
        guard spawned == 0 else { throw TestSetupError("could not start \(command.joined(separator: " ")): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            let said = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw TestSetupError("\(command.joined(separator: " ")) failed (status \(status)): \(said)")
        }
    }

    deinit {
        try? stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
