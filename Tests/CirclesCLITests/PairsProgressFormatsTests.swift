import Foundation
import Testing

extension PairsCommandTests {
    @Test("audit progress carries rounds, pairs matched, pairs met and the repeat rate in JSON and CSV as in the table")
    func progressFormatsCarryPeerPairs() async throws {
        let setup = try await prepare()
        try await setup.must([
            "pairs", "scheme", "create", "--name", "North coffee", "--team", "North", "--rule", "FREQ=WEEKLY", "--start", "2026-11-02T12:30",
        ])
        for person in [Self.max, Self.nia, Self.noor] { try await setup.must(["pairs", "join", "North coffee"], as: person) }
        let groups = try await setup.rows(["pairs", "round", "run", "North coffee", "--seed", "1"], as: Self.lena)
        try #require(groups.count == 1, "three members make one trio: \(groups)")
        try await setup.must(["pairs", "met", try #require(groups.first?["group_id"])], as: Self.nia)

        let table = try await setup.must(["audit", "progress", "--team", "North"], as: Self.lena)
        #expect(table.contains("Peer pairs: 1 round, 1 pair matched, 1 met (100%), repeat rate 0%"), "\(table)")

        let json = try await setup.must(["audit", "progress", "--team", "North", "--format", "json"], as: Self.lena)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let team = try #require((document["teams"] as? [[String: Any]])?.first)
        let pairs = try #require(team["peer_pairs"] as? [String: Any], "\(json)")
        #expect(pairs["rounds"] as? Int == 1)
        #expect(pairs["pairs_matched"] as? Int == 1)
        #expect(pairs["pairs_met"] as? Int == 1)
        #expect(pairs["repeats"] as? Int == 0)
        #expect(pairs["met_rate"] as? Double == 1)
        #expect(pairs["repeat_rate"] as? Double == 0)

        // North has no workshop yet: its pairs still get a row of their own.
        let csv = try await setup.must(["audit", "progress", "--team", "North", "--format", "csv"], as: Self.lena)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true).map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(lines.count == 2, "a header and North's row: \(csv)")
        let row = Dictionary(uniqueKeysWithValues: zip(lines[0], lines[1]))
        #expect(row["team"] == "North")
        #expect(row["action"] == "")
        #expect(row["pair_rounds"] == "1")
        #expect(row["pairs_matched"] == "1")
        #expect(row["pairs_met"] == "1")
        #expect(row["pairs_met_rate"] == "1.0")
        #expect(row["pair_repeats"] == "0")
        #expect(row["pair_repeat_rate"] == "0.0")
        try await setup.database.drop()
    }
}
