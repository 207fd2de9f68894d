import Foundation

/// A real SMTP server for one test: `smtp_sink.py` (aiosmtpd, run by Debian's `/usr/bin/python3`)
/// on a free 127.0.0.1 port, storing what it accepts in a temporary directory.
///
/// Starting and stopping wait for the Python process on a dispatch thread, not on the
/// cooperative pool, so they cannot disturb the test that measures the pool.
struct SMTPSink: @unchecked Sendable {
    /// What the sink stored for one accepted message.
    struct Message: Decodable {
        var mail_from: String
        var rcpt_tos: [String]
        /// Which TCP connection (counted from 1) carried the message.
        var connection: Int
        var tls: Bool
        var login: String?
        var ehlo: String?
        var bytes: [UInt8] = []

        private enum CodingKeys: String, CodingKey {
            case mail_from, rcpt_tos, connection, tls, login, ehlo
        }
    }

    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("smtp_sink.py").path

    let process: Process
    /// The sink's standard input: it exits when this closes, even if the test process crashes.
    let lifeline: Pipe
    let port: Int
    let directory: URL

    /// Runs `body` with a sink that accepts connections, and stops the sink afterwards.
    static func with<R>(_ options: [String] = [], _ body: (SMTPSink) async throws -> R) async throws
        -> R
    {
        let sink = try await OffThePool.run { try start(options) }
        do {
            let result = try await body(sink)
            try await OffThePool.run { sink.stop() }
            return result
        } catch {
            try await OffThePool.run { sink.stop() }
            throw error
        }
    }

    /// Starts the sink and returns once it accepts connections (it prints its port after `listen`).
    private static func start(_ options: [String] = []) throws -> SMTPSink {
        let directory = try TemporaryDirectory.make("smtp-sink")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--dir", directory.path] + options
        let output = Pipe()
        process.standardOutput = output
        let lifeline = Pipe()
        process.standardInput = lifeline
        let errorLog = directory.appendingPathComponent("stderr.log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()

        let line = readLine(
            from: output.fileHandleForReading.fileDescriptor, deadline: .now + .seconds(20))
        guard let line, line.hasPrefix("PORT "), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            process.waitUntilExit()
            let log = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw StartError(
                description: """
                    the SMTP sink did not start (\(python) \(script)); it needs Debian's python3-aiosmtpd \
                    (apt-get install python3-aiosmtpd). Its output: \(line ?? "none"); its errors: \(log)
                    """)
        }
        return SMTPSink(process: process, lifeline: lifeline, port: port, directory: directory)
    }

    /// Stops the server and removes its files.
    private func stop() {
        try? lifeline.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The messages accepted so far, in order of arrival.
    func messages() throws -> [Message] {
        var result: [Message] = []
        var number = 1
        while true {
            let base = directory.appendingPathComponent("\(number)")
            guard let json = FileManager.default.contents(atPath: base.path + ".json") else {
                break
            }
            var message = try JSONDecoder().decode(Message.self, from: json)
            message.bytes = Array(try Data(contentsOf: base.appendingPathExtension("eml")))
            result.append(message)
            number += 1
        }
        return result
    }

    /// How many TCP connections the server has accepted.
    func connectionCount() -> Int {
        let text = try? String(
            contentsOf: directory.appendingPathComponent("connections"), encoding: .utf8)
        return text.flatMap { Int($0) } ?? 0
    }

    /// Reads one line from a pipe, giving up at the deadline.
    private static func readLine(from descriptor: Int32, deadline: ContinuousClock.Instant)
        -> String?
    {
        var bytes: [UInt8] = []
        while ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) >= 0 else { return nil }
            guard poller.revents != 0 else { continue }
            var byte: UInt8 = 0
            guard read(descriptor, &byte, 1) == 1 else { return nil }
            if byte == UInt8(ascii: "\n") { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
        return nil
    }
}
