import Foundation

/// What one run of the `circles` binary printed and how it exited.
struct CommandResult: Sendable {
    let status: Int32
    let standardOutput: String
    let standardError: String
    /// From the start of the process to its end (not counting a wait for a slot to start it in).
    var elapsed: Duration = .zero
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
        return try await Subprocess.finish(process)
    }
}

/// Runs child processes (the binaries under test, curl, python) from async tests.
enum Subprocess {
    /// A started process and its pipes, handed to the threads that wait for it (and used by nothing else then).
    private struct Running: @unchecked Sendable {
        let process: Process
        let output: Pipe
        let error: Pipe
    }

    /// At most this many busy children at once: waiting no longer holds a thread, so without a
    /// bound every test of the target would start its commands at the same moment on two cores,
    /// and tests that time something (a rate limit's refill) would see minutes pass.
    private static let slots = Slots(ProcessInfo.processInfo.activeProcessorCount * 3)

    /// A counting semaphore for async callers.
    private actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = max(2, count) }

        func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty {
                free += 1
            } else {
                waiting.removeFirst().resume()  // the slot passes straight to the longest waiter
            }
        }
    }

    /// What to write to a child's standard input, handed to the thread that writes it.
    private struct InputWriter: @unchecked Sendable {
        let handle: FileHandle
        let data: Data
    }

    /// Collected bytes, written by one thread and read after it signalled.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }

    /// Runs `process` to its end, with `input` on its standard input, and collects what it printed,
    /// on threads of its own: waiting for a process blocks, and blocking one of the test process's
    /// few cooperative threads for every command run starved other tests (a server that started in
    /// milliseconds seemed not to).  Standard error is drained beside standard output, so a child
    /// that fills one pipe while the other is read cannot stall.
    /// With a `timeout`, a process still running then is terminated. A child that mostly waits
    /// (curl, a client trickling bytes for seconds) passes `busy: false` and takes no slot: a
    /// request must go when the test sends it, or a rate limit's bucket refills meanwhile.
    static func finish(_ process: Process, input: Data? = nil, timeout: TimeInterval? = nil, busy: Bool = true) async throws -> CommandResult {
        guard busy else { return try await runToEnd(process, input: input, timeout: timeout) }
        await slots.acquire()
        do {
            let result = try await runToEnd(process, input: input, timeout: timeout)
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    private static func runToEnd(_ process: Process, input: Data?, timeout: TimeInterval?) async throws -> CommandResult {
        let output = Pipe()
        let error = Pipe()
        let stdin = input.map { _ in Pipe() }
        process.standardOutput = output
        process.standardError = error
        if let stdin { process.standardInput = stdin }
        let started = ContinuousClock.now
        try process.run()
        if let stdin, let input {
            let writer = InputWriter(handle: stdin.fileHandleForWriting, data: input)
            Thread.detachNewThread {  // beside the readers: a child may answer before it has read everything
                writer.handle.write(writer.data)
                try? writer.handle.close()
            }
        }
        let running = Running(process: process, output: output, error: error)
        let watchdog = timeout.map { seconds in
            let item = DispatchWorkItem { if running.process.isRunning { running.process.terminate() } }
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds, execute: item)
            return item
        }
        defer { watchdog?.cancel() }
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let errors = Collected()
                let drained = DispatchSemaphore(value: 0)
                Thread.detachNewThread {
                    errors.data = running.error.fileHandleForReading.readDataToEndOfFile()
                    drained.signal()
                }
                let outputData = running.output.fileHandleForReading.readDataToEndOfFile()
                drained.wait()
                running.process.waitUntilExit()
                continuation.resume(returning: CommandResult(
                    status: running.process.terminationStatus,
                    standardOutput: String(decoding: outputData, as: UTF8.self),
                    standardError: String(decoding: errors.data, as: UTF8.self),
                    elapsed: ContinuousClock.now - started))
            }
        }
    }
}
