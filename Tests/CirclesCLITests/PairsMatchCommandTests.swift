import Foundation
import Testing

@Suite("circles pairs match, without a database")
struct PairsMatchCommandTests {
    /// Runs `circles pairs match --input -` with `input` on standard input.
    private func match(_ input: String) async throws -> CommandResult {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("pairs-\(UUID().uuidString).jsonl")
        try input.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = Circles.executable
        process.arguments = ["pairs", "match", "--input", "-"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        return try await Subprocess.finish(process)
    }

    @Test("answers each line in order with the heaviest pairs, named as given, and their weight")
    func answersEachLine() async throws {
        let result = try await match(
            """
            {"id":"path","nodes":["ana","ben","cal","dee"],"edges":[["ana","ben",5],["ben","cal",6],["cal","dee",5]]}

            {"id":"cardinality","nodes":[7,3,5,9],"edges":[[7,3,1],[3,5,10],[5,9,1]],"maxcardinality":true}
            {"id":"weight","nodes":[7,3,5,9],"edges":[[7,3,1],[3,5,10],[5,9,1]],"maxcardinality":false}
            {"id":"negative","nodes":[7,3,5,"solo"],"edges":[[3,7,2],[5,"solo",-1]],"maxcardinality":true}
            {"id":"positive","nodes":[7,3,5,"solo"],"edges":[[3,7,2],[5,"solo",-1]]}
            {"id":"empty","nodes":[],"edges":[]}
            """)
        #expect(result.status == 0)
        #expect(result.standardError == "")
        #expect(
            result.standardOutput.split(separator: "\n").map(String.init) == [
                #"{"id":"path","pairs":[["ana","ben"],["cal","dee"]],"weight":10}"#,
                #"{"id":"cardinality","pairs":[[7,3],[5,9]],"weight":2}"#,
                #"{"id":"weight","pairs":[[3,5]],"weight":10}"#,
                #"{"id":"negative","pairs":[[7,3],[5,"solo"]],"weight":1}"#,
                #"{"id":"positive","pairs":[[7,3]],"weight":2}"#,
                #"{"id":"empty","pairs":[],"weight":0}"#,
            ])
    }

    @Test("a bad line gets its own error saying what was wrong and what is accepted, and the others are still answered")
    func errorsPerLine() async throws {
        let lines = [
            #"not json"#,
            #"{"id":"a","nodes":["x","x"],"edges":[]}"#,
            #"{"id":"b","nodes":["x","y"],"edges":[["x","z",1]]}"#,
            #"{"id":"c","nodes":["x","y"],"edges":[["x","y",1.5]]}"#,
            #"{"id":"d","nodes":["x","y"],"edges":[["x","x",1]]}"#,
            #"{"id":"e","nodes":["x","y"],"edges":[["x","y",1],["y","x",2]]}"#,
            #"{"id":"f","nodes":["x","y"],"edges":[["x","y"]]}"#,
            #"{"id":"g","nodes":["x","y"],"edges":[],"maxcardinality":1}"#,
            #"{"id":"h","nodes":["x","y"],"edges":[["x","y",1000000000001]]}"#,
            #"{"id":"i","nodes":["x",true],"edges":[]}"#,
            #"{"id":"j","edges":[]}"#,
            #"{"id":"k","nodes":[],"edges":[],"weights":[]}"#,
            #"{"id":"ok","nodes":["x","y"],"edges":[["x","y",1]]}"#,
        ]
        let result = try await match(lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0)
        #expect(
            result.standardOutput.split(separator: "\n").map(String.init) == [
                #"{"id":null,"error":"the line is not a JSON object"}"#,
                #"{"id":"a","error":"nodes[1]: \"x\" is listed twice; list each node once"}"#,
                #"{"id":"b","error":"edges[0]: \"z\" is not in nodes"}"#,
                #"{"id":"c","error":"edges[0]: the weight must be a whole number from -1000000000000 to 1000000000000"}"#,
                #"{"id":"d","error":"edges[0]: \"x\" cannot be paired with itself"}"#,
                #"{"id":"e","error":"edges[1]: \"y\"–\"x\" is already edges[0]; give each pair once"}"#,
                #"{"id":"f","error":"edges[0]: expected [a, b, weight]"}"#,
                #"{"id":"g","error":"maxcardinality: expected true or false"}"#,
                #"{"id":"h","error":"edges[0]: the weight must be a whole number from -1000000000000 to 1000000000000"}"#,
                #"{"id":"i","error":"nodes[1]: expected a string or a whole number"}"#,
                #"{"id":"j","error":"nodes: required, a list of strings or whole numbers"}"#,
                #"{"id":"k","error":"weights: not a field; expected id, nodes, edges and maxcardinality"}"#,
                #"{"id":"ok","pairs":[["x","y"]],"weight":1}"#,
            ])
    }

    @Test("a line longer than 32 MiB is answered with an error without being read whole, and the next line still is")
    func boundsTheLine() async throws {
        let huge = #"{"id":"big","nodes":[""# + String(repeating: "a", count: (32 << 20) + 10) + #""],"edges":[]}"#
        let result = try await match(huge + "\n" + #"{"id":"after","nodes":[1,2],"edges":[[1,2,3]]}"# + "\n")
        #expect(
            result.standardOutput.split(separator: "\n").map(String.init) == [
                #"{"id":null,"error":"the line is longer than 33554432 bytes; send a smaller graph"}"#,
                #"{"id":"after","pairs":[[1,2]],"weight":3}"#,
            ])
    }

    @Test("more than 20,000 nodes in one request is refused, naming the limit")
    func boundsTheNodes() async throws {
        let nodes = (0...20_000).map(String.init).joined(separator: ",")
        let result = try await match(#"{"id":"many","nodes":[\#(nodes)],"edges":[]}"# + "\n")
        #expect(result.standardOutput == #"{"id":"many","error":"nodes: 20001 nodes; at most 20000 in one request"}"# + "\n")
    }

    @Test("each answer is written as soon as its line is read, so a caller can wait for it before sending the next")
    func streams() throws {
        let process = Process()
        process.executableURL = Circles.executable
        process.arguments = ["pairs", "match", "--input", "-"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        defer {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
        for round in 1...3 {
            input.fileHandleForWriting.write(Data(#"{"id":"r\#(round)","nodes":["a","b"],"edges":[["a","b",\#(round)]]}"#.utf8 + [0x0A]))
            var received = Data()
            while !received.contains(0x0A) {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                received.append(chunk)
            }
            #expect(String(decoding: received, as: UTF8.self) == #"{"id":"r\#(round)","pairs":[["a","b"]],"weight":\#(round)}"# + "\n")
        }
    }

    @Test("an unreadable input file exits 1 naming it")
    func unreadableFile() async throws {
        let result = try await Circles.run(["pairs", "match", "--input", "/nonexistent/round.jsonl"])
        #expect(result.status == 1)
        #expect(result.standardError == "error: --input: cannot read /nonexistent/round.jsonl; give a readable file, or - for standard input\n")
    }
}
