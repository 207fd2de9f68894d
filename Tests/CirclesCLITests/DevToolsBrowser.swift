import Foundation
import PostgresTestSupport

/// Headless Chromium driven over the DevTools protocol through `--remote-debugging-pipe`: the
/// browser reads commands on its fd 3 and writes answers and events on fd 4, each a JSON message
/// ended by NUL — no WebSocket client needed. One page, attached with a flat session.
final class DevToolsBrowser: @unchecked Sendable {
    private let pid: pid_t
    private let commands: Int32
    private let replies: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    private var pending: [[String: Any]] = []
    private let profile: URL
    /// The page's session.
    private(set) var session = ""

    /// Starts the browser with a phone-sized window and opens one blank page.
    init(width: Int = 412, height: Int = 915) throws {
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("circles-devtools-\(UUID().uuidString)")
        var toBrowser: [Int32] = [0, 0], fromBrowser: [Int32] = [0, 0]
        guard pipe(&toBrowser) == 0, pipe(&fromBrowser) == 0 else { throw TestSetupError("pipe() failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, toBrowser[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromBrowser[1], 4)
        for fd in [toBrowser[1], fromBrowser[0]] { posix_spawn_file_actions_addclose(&actions, fd) }
        let executable = try Chromium.executable()
        let words: [String] = [
            executable, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
            "--remote-debugging-pipe", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank",
        ]
        let arguments: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        defer { arguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, arguments, environ)
        close(toBrowser[0])
        close(fromBrowser[1])
        guard spawned == 0 else { throw TestSetupError("could not start chromium: error \(spawned)") }
        self.pid = pid
        commands = toBrowser[1]
        replies = fromBrowser[0]
        let target = try send("Target.createTarget", ["url": "about:blank"], toBrowser: true)
        guard let targetID = target["targetId"] as? String else { throw TestSetupError("no target: \(target)") }
        let attached = try send("Target.attachToTarget", ["targetId": targetID, "flatten": true], toBrowser: true)
        guard let session = attached["sessionId"] as? String else { throw TestSetupError("not attached: \(attached)") }
        self.session = session
        _ = try send("Page.enable")
        _ = try send("Runtime.enable")
    }

    /// Sends a command to the page (or, with `toBrowser`, the browser itself) and returns its result.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], toBrowser: Bool = false, timeout: Double = 30) throws -> [String: Any] {
        let id = nextID
        nextID += 1
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if !toBrowser { message["sessionId"] = session }
        var bytes = Array(try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard count > 0 else { throw TestSetupError("chromium stopped reading commands") }
            written += count
        }
        let deadline = Date() + timeout
        while true {
            let reply = try receive(until: deadline)
            if reply["id"] as? Int == id {
                if let error = reply["error"] { throw TestSetupError("\(method) failed: \(error)") }
                return reply["result"] as? [String: Any] ?? [:]
            }
            pending.append(reply)
        }
    }

    /// Waits for the page's event `method` (one already received counts), returning its parameters.
    @discardableResult
    func event(_ method: String, timeout: Double = 30) throws -> [String: Any] {
        if let index = pending.firstIndex(where: { $0["method"] as? String == method }) {
            return pending.remove(at: index)["params"] as? [String: Any] ?? [:]
        }
        let deadline = Date() + timeout
        while true {
            let message = try receive(until: deadline)
            if message["method"] as? String == method { return message["params"] as? [String: Any] ?? [:] }
            pending.append(message)
        }
    }

    /// Forgets events received so far (before an action whose own events are awaited).
    func discardEvents() { pending.removeAll() }

    /// Opens `url` and waits until it has loaded.
    func navigate(_ url: String) throws {
        discardEvents()
        try send("Page.navigate", ["url": url])
        try event("Page.loadEventFired")
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value.
    func evaluate(_ expression: String, timeout: Double = 60) throws -> Any? {
        let result = try send(
            "Runtime.evaluate", ["expression": expression, "awaitPromise": true, "returnByValue": true], timeout: timeout)
        if let exception = result["exceptionDetails"] { throw TestSetupError("the page threw: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// A PNG of the page as it is.
    func screenshot() throws -> Data {
        let result = try send("Page.captureScreenshot", ["format": "png"])
        guard let text = result["data"] as? String, let data = Data(base64Encoded: text) else { throw TestSetupError("no screenshot") }
        return data
    }

    private func receive(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let message = Array(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let object = try JSONSerialization.jsonObject(with: Data(message)) as? [String: Any] else { continue }
                return object
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { throw TestSetupError("chromium did not answer in time") }
            var descriptor = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(min(remaining, 1) * 1_000))
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = read(replies, &chunk, chunk.count)
            guard count > 0 else { throw TestSetupError("chromium closed its DevTools pipe") }
            buffer += chunk[..<count]
        }
    }

    deinit {
        close(commands)
        close(replies)
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        try? FileManager.default.removeItem(at: profile)
    }
}
