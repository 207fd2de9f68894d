import CirclesDomain
import CirclesServices
import CirclesStore
import Foundation
import Mail
import MailComposition
import Postgres

/// Claim-and-mark throughput beside pgqueuer, interleaved round by round on the same server.
///
/// Like work on both sides: pgqueuer calls a no-op async entrypoint for every job, so the
/// headline contender hands every claimed reminder to a no-op async handler, each in a child
/// task as pgqueuer runs each job in a task of its own, before marking the batch sent. The bare
/// claim-and-mark (the queue alone) is shown beside it. pgqueuer runs as its own
/// `tools/benchmark.py --strategy drain` does — one process with five QueueManagers (`--dequeue 5`,
/// one asyncpg connection each) at batch size 10 — as well as with one manager in 1, 2 and 4 processes.
struct ClaimRace {
    let pool: PostgresPool
    let configuration: PostgresConfiguration
    let fixture: QueueFixture
    let rounds: Int

    /// One way of draining the outbox, measured in jobs per second.
    struct Contender: Hashable {
        let name: String
        let run: Run

        enum Run: Hashable {
            /// Claim a batch, mark each sent: the queue alone, no mail.
            case claimAndMark(workers: Int, batch: Int)
            /// Claim a batch, call a no-op async handler for each job (one child task each), mark the batch sent.
            case claimHandleAndMark(workers: Int, batch: Int)
            /// ReminderDispatcher as the worker runs it, composing each mail and writing it to the file sink.
            case dispatch(workers: Int, batch: Int)
            /// pgqueuer draining the same number of no-op jobs, with `managers` QueueManagers per process.
            case pgqueuer(processes: Int, managers: Int, batch: Int)
        }
    }

    var contenders: [Contender] {
        var all: [Contender] = []
        for batch in Self.batchSizes([50, 500], from: "CIRCLES_BENCH_QUEUE_BATCHES") {
            for workers in [1, 2, 4] {
                all.append(Contender(name: "circles claim+mark, \(workers) worker(s), batch \(batch)", run: .claimAndMark(workers: workers, batch: batch)))
                all.append(Contender(
                    name: "circles claim+no-op handler+mark, \(workers) worker(s), batch \(batch)",
                    run: .claimHandleAndMark(workers: workers, batch: batch)))
            }
        }
        for workers in [1, 2, 4] {
            all.append(Contender(name: "circles dispatch to file sink, \(workers) worker(s), batch 50", run: .dispatch(workers: workers, batch: 50)))
        }
        if QueueBenchmark.environment["CIRCLES_PGQUEUER_PYTHON"] != nil {
            for processes in [1, 2, 4] {
                for batch in Self.batchSizes([10, 50, 100, 500], from: "CIRCLES_BENCH_PGQUEUER_BATCHES") {
                    all.append(Contender(
                        name: "pgqueuer, \(processes) process(es), batch_size \(batch)",
                        run: .pgqueuer(processes: processes, managers: 1, batch: batch)))
                }
            }
            // pgqueuer's own benchmark (tools/benchmark.py, drain): 5 managers in one process, batch 10;
            // and the same per process on both cores.
            for processes in [1, 2] {
                for batch in [10, 100] {
                    all.append(Contender(
                        name: "pgqueuer, \(processes) process(es) x 5 managers, batch_size \(batch)" + (processes == 1 && batch == 10 ? " (its own)" : ""),
                        run: .pgqueuer(processes: processes, managers: 5, batch: batch)))
                }
            }
        }
        // CIRCLES_BENCH_QUEUE_ONLY=text keeps the contenders whose name contains it (for profiling one).
        if let only = QueueBenchmark.environment["CIRCLES_BENCH_QUEUE_ONLY"] { all = all.filter { $0.name.contains(only) } }
        return all
    }

    /// Batch sizes from a comma-separated setting, or the defaults.
    static func batchSizes(_ defaults: [Int], from name: String) -> [Int] {
        let given = (QueueBenchmark.environment[name] ?? "").split(separator: ",").compactMap { Int($0) }
        return given.isEmpty ? defaults : given
    }

    func run() async throws {
        let contenders = self.contenders
        var rates: [Contender: [Double]] = [:]
        // The sink's files go to memory (/dev/shm) where there is one: the figure is the dispatcher's,
        // not the disk's (on ext4, creating and deleting 20,000 files a run costs more than composing them).
        let memory = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
        let base = FileManager.default.isWritableFile(atPath: memory.path) ? memory : FileManager.default.temporaryDirectory
        let sinkDirectory = base.appendingPathComponent("circles-bench-sink-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: sinkDirectory) }
        Bench.say("  claim-and-mark, \(fixture.reminders) jobs per run, \(rounds) rounds interleaved (best of \(rounds) shown); file sink in \(base.path)")
        if QueueBenchmark.environment["CIRCLES_PGQUEUER_PYTHON"] == nil {
            Bench.say("    (CIRCLES_PGQUEUER_PYTHON is not set: pgqueuer skipped)")
        }
        for round in 1...rounds {
            for contender in contenders {
                let rate = try await measure(contender, sink: sinkDirectory)
                rates[contender, default: []].append(rate)
            }
            Bench.say("    round \(round) of \(rounds) done")
        }
        Bench.say("    configuration                                                          jobs/s (best)   median")
        for contender in contenders {
            let sorted = (rates[contender] ?? []).sorted()
            Bench.say("    " + contender.name.padding(toLength: 71, withPad: " ", startingAt: 0)
                + Bench.format(sorted.last ?? 0).leftPadded(12) + Bench.format(sorted[sorted.count / 2]).leftPadded(11))
        }
        func best(_ matching: (Contender.Run) -> Bool) -> (Contender, Double)? {
            contenders.filter { matching($0.run) }.map { ($0, rates[$0]?.max() ?? 0) }.max { $0.1 < $1.1 }
        }
        guard !contenders.isEmpty else { return }
        guard let pgq = best({ if case .pgqueuer = $0 { true } else { false } }) else { return }
        if let ours = best({ if case .claimHandleAndMark = $0 { true } else { false } }) {
            Bench.say(
                "    claim+no-op handler+mark best / pgqueuer best (like work: a no-op handler per job on both sides): "
                    + "\(Bench.format(ours.1)) / \(Bench.format(pgq.1)) = \(Bench.format(ours.1 / pgq.1, decimals: 2))x "
                    + "(goal >= 2.00x; ours: \(ours.0.name); pgqueuer best: \(pgq.0.name))")
        }
        if let own = best({ if case .pgqueuer(1, 5, 10) = $0 { true } else { false } }),
            let ours = best({ if case .claimHandleAndMark = $0 { true } else { false } })
        {
            Bench.say(
                "    claim+no-op handler+mark best / pgqueuer in its own benchmark's configuration: "
                    + "\(Bench.format(ours.1)) / \(Bench.format(own.1)) = \(Bench.format(ours.1 / own.1, decimals: 2))x")
        }
        if let ours = best({ if case .claimAndMark = $0 { true } else { false } }) {
            Bench.say("    claim+mark (queue alone, no handler) best / pgqueuer best: \(Bench.format(ours.1)) / \(Bench.format(pgq.1)) = \(Bench.format(ours.1 / pgq.1, decimals: 2))x")
        }
        if let ours = best({ if case .dispatch = $0 { true } else { false } }) {
            Bench.say("    dispatch to file sink best / pgqueuer best: \(Bench.format(ours.1)) / \(Bench.format(pgq.1)) = \(Bench.format(ours.1 / pgq.1, decimals: 2))x")
        }
    }

    private func measure(_ contender: Contender, sink: URL) async throws -> Double {
        switch contender.run {
        case .pgqueuer(let processes, let managers, let batch):
            return try pgqueuer(processes: processes, managers: managers, batch: batch)
        case .claimAndMark(let workers, let batch), .claimHandleAndMark(let workers, let batch):
            let handler: NoOpHandler? = if case .claimHandleAndMark = contender.run { NoOpHandler() } else { nil }
            try await QueueFixture.reset(pool, due: true)
            let seconds = try await Bench.time {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<workers {
                        group.addTask { try await claimAndMark(holder: "bench-\(worker)", batch: batch, handler: handler) }
                    }
                    try await group.waitForAll()
                }
            }
            let rate = try await settled(seconds)
            if let handler, handler.calls != fixture.reminders {
                throw BenchError("the no-op handler ran \(handler.calls) times for \(fixture.reminders) reminders")
            }
            return rate
        case .dispatch(let workers, let batch):
            try await QueueFixture.reset(pool, due: true)
            try? FileManager.default.removeItem(at: sink)
            try FileManager.default.createDirectory(at: sink, withIntermediateDirectories: true)
            let composer = try Self.composer()
            let seconds = try await Bench.time {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<workers {
                        group.addTask {
                            let pool = PostgresPool(configuration, maximumConnections: 2)
                            let dispatcher = ReminderDispatcher(
                                pool: pool, transport: FileSinkTransport(directory: sink.path), holder: "bench-\(worker)",
                                batchSize: batch, compose: composer)
                            _ = try await dispatcher.drain()
                            await pool.close()
                        }
                    }
                    try await group.waitForAll()
                }
            }
            return try await settled(seconds)
        }
    }

    /// The rate, once every reminder is checked to be sent.
    private func settled(_ seconds: Double) async throws -> Double {
        let states = try await QueueFixture.states(pool)
        guard states == ["sent": fixture.reminders] else { throw BenchError("not every reminder was sent: \(states)") }
        return Double(fixture.reminders) / seconds
    }

    /// The queue alone: claim a batch, then mark it sent as its lease holder (one statement each);
    /// with a handler, each claimed job is handed to it (one child task per job) before the mark.
    private func claimAndMark(holder: String, batch: Int, handler: NoOpHandler?) async throws {
        let pool = PostgresPool(configuration, maximumConnections: 1)
        while true {
            // As the dispatcher claims: one statement, atomic on its own, without BEGIN and COMMIT.
            let claimed = try await pool.withConnection { connection in
                try OutboxStore.claim(holder: holder, limit: batch, lease: .seconds(300), now: Date(), on: connection)
            }
            if claimed.isEmpty { break }
            if let handler {
                await withDiscardingTaskGroup { group in
                    for job in claimed { group.addTask { await handler.handle(job) } }
                }
            }
            _ = try await pool.withConnection { connection in
                try OutboxStore.markSent(ids: claimed.map(\.id), holder: holder, now: Date(), on: connection)
            }
        }
        await pool.close()
    }

    /// The worker's composer (see circles-worker's WorkerComposer).
    static func composer() throws -> ReminderDispatcher.Composer {
        let composer = MeetingMailComposer(sender: try Mailbox("circles@bench.example", displayName: "Circles"), domain: "bench.example")
        guard let unsubscribe = URL(string: "https://bench.example/circles/unsubscribe") else { throw BenchError("bad URL") }
        return { context in try composer.compose(try context.mailContent(unsubscribeURL: unsubscribe), now: Date()) }
    }

    /// Runs Benchmarks/pgqueuer_bench.py once and returns its rate.
    private func pgqueuer(processes: Int, managers: Int, batch: Int) throws -> Double {
        guard let python = QueueBenchmark.environment["CIRCLES_PGQUEUER_PYTHON"] else { throw BenchError("no pgqueuer Python") }
        let output = try Bench.run(python, [
            "Benchmarks/pgqueuer_bench.py", "--dsn", try Self.pgqueuerDSN(), "--jobs", String(fixture.reminders),
            "--batch-size", String(batch), "--processes", String(processes), "--managers-per-process", String(managers),
        ])
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let rate = object["rate"] as? Double
        else { throw BenchError("pgqueuer_bench.py printed no rate:\n\(output)") }
        return rate
    }

    /// pgqueuer's database on the same server, through the same Unix socket as ours.
    static func pgqueuerDSN() throws -> String {
        let environment = QueueBenchmark.environment
        guard let host = environment["PGHOST"], let port = environment["PGPORT"] else {
            throw BenchError("PGHOST and PGPORT are not set; run through deploy/local/with-services.sh")
        }
        let user = environment["PGUSER"] ?? "postgres"
        return "postgres://\(user)@/\(QueueBenchmark.pgqueuerDatabase)?host=\(host)&port=\(port)"
    }
}
