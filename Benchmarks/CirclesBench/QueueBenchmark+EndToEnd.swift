import CirclesStore
import Foundation
import Postgres

/// `circles-worker` daemons sending every reminder over SMTP to the local sink, beside the
/// sink's own rate for the same number of messages of the same size; and the daemons'
/// resident memory while they send and once they are idle again.
struct EndToEnd {
    let pool: PostgresPool
    let fixture: QueueFixture
    let databaseURL: String
    let rounds: Int
    /// How many reminders each run sends (the first ones of the fixture).
    let count: Int

    struct Figures {
        var workerRates: [Int: [Double]] = [:]
        /// Of each run's wall time, the share the busiest worker spent on a CPU (not waiting for the sink or the database).
        var workerBusy: [Int: [Double]] = [:]
        /// The same for the sink's process, when it can be found.
        var sinkBusy: [Int: [Double]] = [:]
        var sinkRates: [Int: [Double]] = [:]
        var peakRSS: [Int: Int] = [:]
        var idleRSS: [Int: Int] = [:]
    }

    func run() async throws {
        let environment = QueueBenchmark.environment
        guard let smtpURL = environment["CIRCLES_SMTP_URL"], smtpURL.hasPrefix("smtp://") else {
            Bench.say("  end to end: CIRCLES_SMTP_URL is not an smtp:// sink; skipped")
            return
        }
        let worker = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("circles-worker").path
        guard FileManager.default.isExecutableFile(atPath: worker) else {
            throw BenchError("\(worker) is missing: build it with `swift build -c release --product circles-worker`")
        }
        let python = environment["CIRCLES_BENCH_PYTHON"] ?? "python3"
        let maildir = environment["CIRCLES_SMTP_MAILDIR"]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("circles-bench-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        Bench.say("  end to end over SMTP (\(smtpURL)), \(count) reminders per run, \(rounds) rounds interleaved")
        var figures = Figures()
        var sample: URL?
        for round in 1...rounds {
            for workers in [1, 2, 4] {
                let (rate, busy, sinkBusy, peak, idle) = try await drain(
                    workers: workers, binary: worker, smtpURL: smtpURL, sink: Self.sinkProcess(smtpURL), logs: scratch)
                figures.workerRates[workers, default: []].append(rate)
                figures.workerBusy[workers, default: []].append(busy)
                if let sinkBusy { figures.sinkBusy[workers, default: []].append(sinkBusy) }
                figures.peakRSS[workers] = max(figures.peakRSS[workers] ?? 0, peak)
                figures.idleRSS[workers] = max(figures.idleRSS[workers] ?? 0, idle)
                if sample == nil, let maildir { sample = try keepOneMessage(from: maildir, in: scratch) }
                if let maildir { try emptyMaildir(maildir) }
                guard let sample else { continue }
                let output = try Bench.run(python, [
                    "Benchmarks/smtp_blast.py", "--url", smtpURL, "--count", String(count),
                    "--connections", String(workers), "--message", sample.path,
                ])
                figures.sinkRates[workers, default: []].append(try Self.rate(in: output))
                if let maildir { try emptyMaildir(maildir) }
            }
            Bench.say("    round \(round) of \(rounds) done")
        }
        let size = sample.flatMap { try? FileManager.default.attributesOfItem(atPath: $0.path)[.size] as? Int } ?? 0
        Bench.say("    workers   circles-worker msgs/s   sink alone msgs/s   worker/sink   on CPU: busiest worker, sink (share of wall time)")
        for workers in [1, 2, 4] {
            let ours = figures.workerRates[workers]?.max() ?? 0
            let sink = figures.sinkRates[workers]?.max() ?? 0
            let busy = (figures.workerBusy[workers] ?? []).sorted()
            Bench.say("    \(workers)         " + Bench.format(ours).leftPadded(10) + "              " + Bench.format(sink).leftPadded(10)
                + "         " + (sink > 0 ? Bench.format(ours / sink, decimals: 2) : "-").leftPadded(5)
                + "         " + (busy.isEmpty ? "-" : Bench.format(busy[busy.count / 2] * 100) + "%")
                + ", " + (figures.sinkBusy[workers].map { Bench.format(($0.sorted()[$0.count / 2]) * 100) + "%" } ?? "-"))
        }
        Bench.say("    (sink alone: Benchmarks/smtp_blast.py sending the same \(size)-byte reminder over as many connections as workers)")
        Bench.say("    worker resident memory (VmRSS, largest of any worker):")
        for workers in [1, 2, 4] {
            Bench.say("      \(workers) worker(s): peak while sending \(Self.megabytes(figures.peakRSS[workers] ?? 0)) MB, idle after draining \(Self.megabytes(figures.idleRSS[workers] ?? 0)) MB (goal < 50 MB steady)")
        }
    }

    /// Starts `workers` daemons with nothing due, makes every reminder due and wakes them,
    /// and times them until all are sent; samples their memory throughout and for 3 s after.
    private func drain(
        workers: Int, binary: String, smtpURL: String, sink: Int32?, logs: URL
    ) async throws -> (rate: Double, busy: Double, sinkBusy: Double?, peakKB: Int, idleKB: Int) {
        try await QueueFixture.reset(pool, due: false)
        var environment = QueueBenchmark.environment
        environment["CIRCLES_DATABASE_URL"] = databaseURL
        environment["CIRCLES_SMTP_URL"] = smtpURL
        environment["CIRCLES_MAIL_FROM"] = "Circles <circles@bench.example>"
        environment["CIRCLES_PASS_INTERVAL_SECONDS"] = "3600"
        environment["CIRCLES_HORIZON_DAYS"] = "21"
        environment["CIRCLES_LOG_LEVEL"] = "info"
        var processes: [Process] = []
        var logFiles: [URL] = []
        defer {
            for process in processes where process.isRunning { process.terminate() }
        }
        for number in 0..<workers {
            let log = logs.appendingPathComponent("worker-\(workers)-\(number).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["run", "--name", "bench-worker-\(number)"]
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            processes.append(process)
            logFiles.append(log)
        }
        // Ready: one of them has run the scheduling pass, and every one has started.
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            let texts = logFiles.map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }
            if texts.allSatisfy({ $0.contains("circles-worker started") }) && texts.contains(where: { $0.contains("scheduling pass") }) { break }
            if processes.contains(where: { !$0.isRunning }) { throw BenchError("a circles-worker exited early:\n\(texts.joined(separator: "\n"))") }
            guard ContinuousClock.now < deadline else { throw BenchError("circles-worker did not become ready:\n\(texts.joined(separator: "\n"))") }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(500))

        var peak = 0
        let cpuBefore = processes.map { Self.cpuSeconds($0.processIdentifier) }
        let sinkBefore = sink.map(Self.cpuSeconds)
        let start = ContinuousClock.now
        try await pool.withTransaction { connection in
            try connection.execute("""
                UPDATE reminder_outbox SET state = 'pending', sent_at = NULL, next_attempt_at = now() - interval '1 minute'
                WHERE id IN (SELECT id FROM reminder_outbox ORDER BY id LIMIT \(count))
                """)
            try connection.execute("SELECT pg_notify(\(OutboxStore.notificationChannel), '')")
        }
        let expected = count
        let alreadySent = fixture.reminders - count
        while true {
            peak = max(peak, processes.map { Self.residentKB($0.processIdentifier) }.max() ?? 0)
            let states = try await QueueFixture.states(pool)
            if states["sent", default: 0] == alreadySent + expected { break }
            if states["failed", default: 0] + states["cancelled", default: 0] > 0 {
                throw BenchError("reminders failed or were cancelled: \(states)")
            }
            guard ContinuousClock.now - start < .seconds(600) else { throw BenchError("not drained within 10 minutes: \(states)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        let elapsed = ContinuousClock.now - start
        let cpu = zip(processes, cpuBefore).map { Self.cpuSeconds($0.processIdentifier) - $1 }.max() ?? 0
        let sinkCPU = sink.flatMap { pid in sinkBefore.map { Self.cpuSeconds(pid) - $0 } }
        // Steady: idle for 3 s after the drain.
        var idle = 0
        for _ in 0..<30 {
            try await Task.sleep(for: .milliseconds(100))
            idle = processes.map { Self.residentKB($0.processIdentifier) }.max() ?? 0
            peak = max(peak, idle)
        }
        if let first = processes.first {
            let pid = first.processIdentifier
            Bench.say("      \(workers) worker(s), worker 1 idle: VmRSS \(Self.megabytes(Self.status(pid, "VmRSS"))) MB = "
                + "\(Self.megabytes(Self.status(pid, "RssAnon"))) MB heap and stacks + \(Self.megabytes(Self.status(pid, "RssFile"))) MB mapped code and data (shared between workers)")
        }
        for process in processes { process.terminate() }
        for process in processes { process.waitUntilExit() }
        for (process, log) in zip(processes, logFiles) where process.terminationStatus != 0 {
            throw BenchError("circles-worker exited with \(process.terminationStatus) on SIGTERM:\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return (Double(expected) / seconds, cpu / seconds, sinkCPU.map { $0 / seconds }, peak, idle)
    }

    /// The aiosmtpd sink listening at `url` (deploy/local/with-services.sh starts it), if found.
    static func sinkProcess(_ url: String) -> Int32? {
        guard let address = url.split(separator: "/").last,
              let output = try? Bench.run("pgrep", ["-f", "aiosmtpd.*-l \(address)"])
        else { return nil }
        return output.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// User and system CPU time a process has used, in seconds (from /proc/PID/stat).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return 0 }
        // After "pid (comm) ": state is field 3, utime field 14, stime field 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// VmRSS of a process in kB (0 when it is gone).
    static func residentKB(_ pid: Int32) -> Int {
        status(pid, "VmRSS")
    }

    /// A `kB` line of /proc/PID/status (0 when the process is gone).
    static func status(_ pid: Int32, _ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    static func megabytes(_ kilobytes: Int) -> String {
        Bench.format(Double(kilobytes) / 1024, decimals: 1)
    }

    static func rate(in output: String) throws -> Double {
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let rate = object["rate"] as? Double
        else { throw BenchError("no rate in:\n\(output)") }
        return rate
    }

    /// Copies one delivered reminder out of the sink's Maildir, to blast at the sink alone.
    private func keepOneMessage(from maildir: String, in scratch: URL) throws -> URL? {
        let new = URL(fileURLWithPath: maildir).appendingPathComponent("new")
        guard let name = try FileManager.default.contentsOfDirectory(atPath: new.path).first else { return nil }
        let copy = scratch.appendingPathComponent("reminder.eml")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: new.appendingPathComponent(name), to: copy)
        return copy
    }

    /// Removes delivered messages, so the sink's folder does not grow from run to run.
    private func emptyMaildir(_ maildir: String) throws {
        for folder in ["new", "cur", "tmp"] {
            let url = URL(fileURLWithPath: maildir).appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
            }
        }
    }
}
