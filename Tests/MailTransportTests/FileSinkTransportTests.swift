import Foundation
import Testing

@testable import Mail

@Suite("File sink transport")
struct FileSinkTransportTests {
    let message = Array(
        "From: a@example.org\r\nTo: b@example.org\r\nSubject: Hello\r\n\r\nBody ünïcode\r\n.\r\n"
            .utf8)

    @Test("each mail is written whole as <id>.eml, byte for byte, with no temporary files left")
    func writesEachMail() async throws {
        let directory = try TemporaryDirectory.make("sink")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sink = FileSinkTransport(directory: directory.path)
        let other = Array("Subject: second\r\n\r\nx\r\n".utf8)
        let outcomes = await sink.send([
            OutgoingMail(
                id: "reminder-1", sender: "a@example.org", recipients: ["b@example.org"],
                bytes: message),
            OutgoingMail(
                id: "reminder-2", sender: "a@example.org", recipients: ["c@example.org"],
                bytes: other),
        ])
        #expect(outcomes == [.delivered, .delivered])
        #expect(
            try Array(Data(contentsOf: directory.appendingPathComponent("reminder-1.eml")))
                == message)
        #expect(
            try Array(Data(contentsOf: directory.appendingPathComponent("reminder-2.eml"))) == other
        )
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names == ["reminder-1.eml", "reminder-2.eml"])
    }

    @Test("a directory given with a trailing slash, or as a relative path, gets the files")
    func directorySpellings() async throws {
        let directory = try TemporaryDirectory.make("sink")
        defer { try? FileManager.default.removeItem(at: directory) }
        let mail = OutgoingMail(
            id: "r", sender: "a@example.org", recipients: ["b@example.org"], bytes: message)
        #expect(await FileSinkTransport(directory: directory.path + "/").send([mail]) == [.delivered])
        #expect(try Array(Data(contentsOf: directory.appendingPathComponent("r.eml"))) == message)
        // Relative to the working directory the sink was made in, as Foundation's URL resolves it.
        let cwd = FileManager.default.currentDirectoryPath
        let relative = URL(fileURLWithPath: cwd).pathComponents.dropFirst().map { _ in ".." }
            .joined(separator: "/") + directory.path
        let other = Array("Subject: relative\r\n\r\n".utf8)
        let outcomes = await FileSinkTransport(directory: relative).send([
            OutgoingMail(id: "s", sender: "a@example.org", recipients: ["b@example.org"], bytes: other)
        ])
        #expect(outcomes == [.delivered])
        #expect(try Array(Data(contentsOf: directory.appendingPathComponent("s.eml"))) == other)
    }

    @Test("sending the same id again replaces the file")
    func replacesAnExistingFile() async throws {
        let directory = try TemporaryDirectory.make("sink")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sink = FileSinkTransport(directory: directory.path)
        _ = await sink.send([
            OutgoingMail(
                id: "r", sender: "a@example.org", recipients: ["b@example.org"], bytes: message)
        ])
        let second = Array("Subject: again\r\n\r\n".utf8)
        let outcomes = await sink.send([
            OutgoingMail(
                id: "r", sender: "a@example.org", recipients: ["b@example.org"], bytes: second)
        ])
        #expect(outcomes == [.delivered])
        #expect(try Array(Data(contentsOf: directory.appendingPathComponent("r.eml"))) == second)
    }

    @Test("a missing directory fails every mail permanently, naming the directory")
    func missingDirectoryFailsPermanently() async throws {
        let directory = try TemporaryDirectory.make("sink").appendingPathComponent("absent")
        let sink = FileSinkTransport(directory: directory.path)
        let outcomes = await sink.send([
            OutgoingMail(
                id: "r1", sender: "a@example.org", recipients: ["b@example.org"], bytes: message)
        ])
        guard case .permanentFailure(let reason) = outcomes.first else {
            Issue.record("expected a permanent failure, got \(outcomes)")
            return
        }
        #expect(reason.contains(directory.path))
        #expect(reason.contains("No such file or directory"))
    }

    @Test("a path that is a file, not a directory, fails permanently")
    func fileInsteadOfDirectoryFailsPermanently() async throws {
        let directory = try TemporaryDirectory.make("sink")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plain-file")
        _ = FileManager.default.createFile(atPath: file.path, contents: Data())
        let outcomes = await FileSinkTransport(directory: file.path).send([
            OutgoingMail(
                id: "r1", sender: "a@example.org", recipients: ["b@example.org"], bytes: message)
        ])
        guard case .permanentFailure(let reason) = outcomes.first else {
            Issue.record("expected a permanent failure, got \(outcomes)")
            return
        }
        #expect(reason.contains("Not a directory"))
    }

    @Test(
        "an id that is not a plain file name fails permanently and writes nothing",
        arguments: ["../escape", "a/b", ".hidden", "", "a b"])
    func unsafeIdFailsPermanently(id: String) async throws {
        let root = try TemporaryDirectory.make("sink")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        let outcomes = await FileSinkTransport(directory: directory.path).send([
            OutgoingMail(
                id: id, sender: "a@example.org", recipients: ["b@example.org"], bytes: message)
        ])
        guard case .permanentFailure(let reason) = outcomes.first else {
            Issue.record("expected a permanent failure, got \(outcomes)")
            return
        }
        #expect(reason.contains("cannot name a file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path) == ["mail"])
    }
}
