import CirclesDomain
import CirclesServices
import Foundation
import ProgressRendering
import ProgressTestSupport
import Testing

/// The renderers write the report in chunks as they go; what comes out must not depend on that,
/// and the hand-written JSON must stay exactly what `JSONEncoder` would write.
@Suite("progress report rendering, streamed")
struct ProgressRenderingTests {
    /// The worked scenario, with names and titles that need every kind of escaping.
    static let report: ProgressReport = {
        var report = ProgressReport.build(from: ProgressScenario.factsAsOfMarch31, coverageWeeks: 8)
        report.teams[0].name = "Nörth \"east\" \\ a/b <b>&'\u{1}\u{8}\u{B}\u{C}\u{1F}\t\n\r\u{7F} 🎉 e\u{301}"
        report.teams[0].workshops[0].title = "Whose Shoes?, \"again\"\r\n"
        report.teams[0].workshops[0].actions[0].reasons.append("a reason, with \"quotes\"\nand a line break")
        // Peer pairs with both rates (3 of 4 met, 1 of 4 a repeat), which only appear with pairs matched.
        report.teams[0].peerPairs = PeerPairFigures(rounds: 2, pairsMatched: 4, pairsMet: 3, repeats: 1)
        return report
    }()

    @Test("the report's JSON is byte for byte what JSONEncoder writes, escapes, omitted nils and empty arrays included")
    func jsonMatchesEncoder() throws {
        let expected = String(decoding: try ProgressJSONRenderer.encoder.encode(Self.report), as: UTF8.self) + "\n"
        let streamed = ProgressJSONRenderer.render(Self.report)
        #expect(streamed == expected)
        // The scenario has both: a member without a last attended day, and an action with no series.
        #expect(streamed.contains("\"cancellations\" : [\n\n"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(ProgressReport.self, from: Data(streamed.utf8)) == Self.report)
    }

    @Test("every format gives the same bytes whether rendered whole or handed to a sink team by team")
    func chunkingChangesNothing() throws {
        let formats: [(String, (ProgressReport) -> String, (ProgressReport, inout ReportWriter) throws -> Void)] = [
            ("table", ProgressTableRenderer.render, ProgressTableRenderer.render(_:to:)),
            ("json", ProgressJSONRenderer.render, ProgressJSONRenderer.render(_:to:)),
            ("csv", ProgressCSVRenderer.render, ProgressCSVRenderer.render(_:to:)),
            ("html", ProgressHTMLRenderer.render, ProgressHTMLRenderer.render(_:to:)),
        ]
        for (name, whole, streamed) in formats {
            var received: [UInt8] = []
            var chunks = 0
            var output = ReportWriter(chunkSize: 1) { bytes in
                received.append(contentsOf: bytes)
                chunks += 1
            }
            try streamed(Self.report, &output)
            try output.finish()
            #expect(String(decoding: received, as: UTF8.self) == whole(Self.report), "\(name)")
            #expect(chunks > 1, "\(name) was not passed on in pieces")
        }
    }

    @Test("table, JSON and HTML give the same bytes rendered on several cores as one team after another", arguments: [1, 2, 3, 8])
    func parallelChangesNothing(parallelism: Int) async throws {
        // 41 teams: more than one round of sections for every parallelism tried, and a ragged last one.
        var many = Self.report
        many.teams = (0..<41).map { number in
            var team = Self.report.teams[number % Self.report.teams.count]
            team.name += " \(number)"
            return team
        }
        typealias Parallel = (ProgressReport, inout ReportWriter, Int) async throws -> Void
        let formats: [(String, (ProgressReport) -> String, Parallel)] = [
            ("table", ProgressTableRenderer.render, ProgressTableRenderer.render(_:to:parallelism:)),
            ("json", ProgressJSONRenderer.render, ProgressJSONRenderer.render(_:to:parallelism:)),
            ("html", ProgressHTMLRenderer.render, ProgressHTMLRenderer.render(_:to:parallelism:)),
        ]
        for report in [many, Self.report, ProgressReport(coverageWeeks: 8, teams: [])] {
            for (name, whole, parallel) in formats {
                var received: [UInt8] = []
                var output = ReportWriter(chunkSize: 4096) { bytes in received.append(contentsOf: bytes) }
                try await parallel(report, &output, parallelism)
                try output.finish()
                #expect(String(decoding: received, as: UTF8.self) == whole(report), "\(name), \(report.teams.count) teams")
            }
        }
    }

    @Test("a sink that fails stops the report with its error")
    func failingSink() {
        struct Closed: Error {}
        var output = ReportWriter(chunkSize: 16) { _ in throw Closed() }
        #expect(throws: Closed.self) {
            try ProgressHTMLRenderer.render(Self.report, to: &output)
            try output.finish()
        }
    }

    @Test("CSV quotes fields with a comma, quote or line break (CRLF too) and doubles the quotes")
    func csvQuoting() {
        let csv = ProgressCSVRenderer.render(Self.report)
        #expect(csv.contains(",\"Whose Shoes?, \"\"again\"\"\r\n\","))
        #expect(csv.contains("\"1 follow-up is overdue; a reason, with \"\"quotes\"\"\nand a line break\""))
    }
}
