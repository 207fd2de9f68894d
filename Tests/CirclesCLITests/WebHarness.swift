import Foundation
import PostgresTestSupport

/// A `circles-web` started for a test on a port it picks, its output kept in a file.
final class WebProcess: @unchecked Sendable {
    private(set) var process = Process()
    private(set) var log: URL
    private(set) var port = 0

    /// Starts circles-web with `environment` on 127.0.0.1 and waits until it listens. One that has
    /// not listened within 90 s is stopped (its threads' stacks kept, for the failure) and started
    /// once more: under `make test` dozens of processes start at once on two cores.
    init(environment: [String: String]) async throws {
        log = FileManager.default.temporaryDirectory
        var stalled = ""
        for attempt in 1...2 {
            log = FileManager.default.temporaryDirectory.appendingPathComponent("circles-web-\(UUID().uuidString).log")
            if try await start(environment) { return }
            stalled += "attempt \(attempt): \(output)\n\(Self.stacks(of: process))\n"
            // Kept in the test log even when the second attempt starts: the stall's cause is not known yet.
            FileHandle.standardError.write(Data("circles-web did not listen within 90 s; starting it again. \(stalled)\n".utf8))
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
            process = Process()
        }
        throw TestSetupError("circles-web did not start: \(stalled)")
    }

    /// Launches the process and waits up to 90 s for its listening line; false if it did not come.
    private func start(_ environment: [String: String]) async throws -> Bool {
        process.executableURL = Circles.executable.deletingLastPathComponent().appendingPathComponent("circles-web")
        process.arguments = []
        process.environment = ProcessInfo.processInfo.environment
            .merging(["CIRCLES_WEB_LISTEN": "127.0.0.1:0"]) { $1 }.merging(environment) { $1 }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // The listening line, or 0 once the process has ended without it.
        let listening = try await poll(for: .seconds(90)) { () -> Int? in
            let output = output
            if let range = output.range(of: #"circles-web listening on 127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                return Int(output[range].split(separator: ":").last ?? "") ?? 0
            }
            return process.isRunning ? nil : 0
        }
        port = listening ?? 0
        return port > 0
    }

    /// Where each thread of a running `process` is, by gdb when the machine has it (for a failure message).
    static func stacks(of process: Process) -> String {
        guard process.isRunning, FileManager.default.isExecutableFile(atPath: "/usr/bin/gdb") else { return "" }
        let gdb = Process()
        gdb.executableURL = URL(fileURLWithPath: "/usr/bin/gdb")
        gdb.arguments = ["-p", "\(process.processIdentifier)", "-batch", "-ex", "thread apply all bt 10"]
        let output = Pipe()
        gdb.standardOutput = output
        gdb.standardError = FileHandle.nullDevice
        guard (try? gdb.run()) != nil else { return "" }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        gdb.waitUntilExit()
        return String(decoding: data.prefix(12_000), as: UTF8.self)
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Waits until `text` has appeared `count` times in the output (10 s at most).
    func waitFor(_ text: String, count: Int = 1) async throws {
        let logged = try await poll(for: .seconds(10)) { output.components(separatedBy: text).count > count ? true : nil }
        guard logged == nil else { return }
        throw TestSetupError("circles-web did not log '\(text)' \(count) time(s): \(output)")
    }

    /// `http://127.0.0.1:PORT`: where a link's public origin is served in the test (as a reverse proxy would).
    var origin: String { "http://127.0.0.1:\(port)" }

    /// `link` (under the public URL in mail) as served by this process.
    func local(_ link: String, publicOrigin: String = WebTestSetup.publicOrigin) -> String {
        link.replacingOccurrences(of: publicOrigin, with: origin)
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: log)
    }
}

/// One HTTP exchange made with curl, exactly as asked (no redirects followed, no cookies).
struct HTTPExchange {
    let status: Int
    let headers: [String: String]
    let body: String

    static func run(
        _ method: String, _ url: String, headers: [String: String] = [:], body: String? = nil
    ) async throws -> HTTPExchange {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        // curl waits for a HEAD answer's body unless told it is a HEAD.
        var arguments = ["-s", "-i", "--max-time", "30"] + (method == "HEAD" ? ["--head"] : ["-X", method])
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        if body != nil { arguments += ["--data-binary", "@-"] }
        process.arguments = arguments + [url]
        let text = try await Subprocess.finish(process, input: body.map { Data($0.utf8) }, busy: false).standardOutput
        guard let split = text.range(of: "\r\n\r\n") else { throw TestSetupError("no HTTP answer from \(url): \(text)") }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        let status = Int(head.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var fields: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPExchange(status: status, headers: fields, body: String(text[split.upperBound...]))
    }
}

extension HTTPExchange {
    /// The statuses of `times` GETs of `url` (with `headers`) made by one curl over one connection, in order.
    static func statuses(_ url: String, times: Int, headers: [String: String] = [:]) async throws -> [Int] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "60"] + headers.sorted { $0.key < $1.key }.flatMap { ["-H", "\($0.key): \($0.value)"] } + Array(repeating: ["-o", "/dev/null", "-w", "%{http_code}\\n", url], count: times).flatMap { $0 }
        return try await Subprocess.finish(process, busy: false).standardOutput.split(separator: "\n").compactMap { Int($0) }
    }
}

/// Mail the worker wrote to a file sink, read with Python's email parser (which undoes the
/// quoted-printable the links travel in).
enum SpooledMail {
    /// Per message: recipient, subject, List-Unsubscribe, and the text part.
    struct Message: Decodable {
        let to: String
        let subject: String
        let unsubscribe: String?
        let text: String
        let html: String
    }

    static func read(_ directory: URL) async throws -> [Message] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", """
            import sys, glob, json, email.policy
            from email.parser import BytesParser
            out = []
            for path in sorted(glob.glob(sys.argv[1] + '/*.eml')):
                with open(path, 'rb') as f:
                    msg = BytesParser(policy=email.policy.default).parse(f)
                text = msg.get_body(preferencelist=('plain',)).get_content()
                html = msg.get_body(preferencelist=('html',)).get_content()
                out.append({'to': str(msg['To']), 'subject': str(msg['Subject']),
                            'unsubscribe': msg['List-Unsubscribe'] and str(msg['List-Unsubscribe']), 'text': text, 'html': html})
            print(json.dumps(out))
            """, directory.path]
        let result = try await Subprocess.finish(process)
        guard result.status == 0 else { throw TestSetupError("python could not read the spooled mail: \(result.standardError)") }
        return try JSONDecoder().decode([Message].self, from: Data(result.standardOutput.utf8))
    }
}
