import CirclesDomain
import CirclesServices
import Matching
import Testing

/// Issue 15's acceptance: 26 rounds of a 40-person scheme through the real services and database.
@Suite("pairing rounds over half a year")
struct PairingSimulationTests {
    @Test("26 rounds of 40 people: no pair repeats while an unpaired alternative existed, nobody sits out twice in a row, exclusions hold")
    func simulation() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        let admin = fixture.admin
        var emails: [String] = []
        var teamOf: [String: String] = [:]
        var leads: Set<String> = []
        for team in 0..<4 {
            let name = "Team \(team)"
            _ = try await services.createTeam(name: name, timeZone: "Europe/London", as: admin)
            var members: [String] = []
            for index in 0..<10 {
                let email = "p\(team)-\(index)@example.org"
                _ = try await services.addPerson(.init(email: email, displayName: "Person \(team)-\(index)"), as: admin)
                members.append(email)
                teamOf[email] = name
            }
            _ = try await services.addMembers(team: name, emails: [members[0]], role: .lead, as: admin)
            _ = try await services.addMembers(team: name, emails: Array(members.dropFirst()), role: .member, as: admin)
            leads.insert(members[0])
            emails += members
        }
        var new = CirclesServices.NewPairingScheme(
            name: "Half-year buddies", teams: ["Team 0", "Team 1", "Team 2", "Team 3"], rule: "FREQ=WEEKLY", start: "2027-01-04T12:30")
        new.blockedRounds = 2
        _ = try await services.createPairingScheme(new, as: admin)
        for email in emails {
            _ = try await services.changePairingMembership(scheme: "Half-year buddies", .join(startedOn: nil), as: email)
        }
        // Personal exclusions, one forbidden pair, and a pause that makes some rounds odd.
        let personal = [("p0-1@example.org", "p1-1@example.org"), ("p2-3@example.org", "p2-4@example.org"), ("p3-5@example.org", "p0-2@example.org")]
        for (owner, other) in personal {
            _ = try await services.setPairingExclusion(of: nil, excluding: other, remove: false, as: owner)
        }
        _ = try await services.forbidPair("p1-2@example.org", "p3-2@example.org", remove: false, as: admin)
        _ = try await services.changePairingMembership(scheme: "Half-year buddies", .pause(until: "2027-02-10"), as: "p2-7@example.org")

        // The names the rounds show, back to emails.
        var emailOf: [String: String] = [:]
        for email in emails { emailOf["Person " + email.dropFirst().prefix { $0 != "@" }] = email }
        func forbidden(_ a: String, _ b: String) -> Bool {
            if personal.contains(where: { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }) { return true }
            if Set([a, b]) == Set(["p1-2@example.org", "p3-2@example.org"]) { return true }
            return (leads.contains(a) && teamOf[a] == teamOf[b]) || (leads.contains(b) && teamOf[a] == teamOf[b])
        }

        var met: Set<PersonPair> = []
        var lastSatOut: Set<String> = []
        var repeats = 0
        for number in 1...26 {
            let round = try await services.runPairingRound("Half-year buddies", seed: 42, as: admin)
            #expect(round.number == number)
            let groups = round.groups.map { $0.members.map { emailOf[$0.name] ?? $0.name } }
            let satOut = Set(round.unpaired.map { emailOf[$0.name] ?? $0.name })
            let present = groups.flatMap { $0 } + satOut
            #expect(Set(present).count == present.count, "round \(number) puts someone in two groups")
            #expect(present.count == (number <= 6 ? 39 : 40), "round \(number) has \(present.count) people")
            #expect(satOut.isDisjoint(with: lastSatOut), "round \(number): \(satOut.intersection(lastSatOut)) sat out twice in a row")
            var pairsThisRound: [PersonPair] = []
            for group in groups {
                #expect((2...3).contains(group.count))
                for (i, a) in group.enumerated() {
                    for b in group[(i + 1)...] {
                        #expect(!forbidden(a, b), "round \(number) pairs \(a) with \(b), who are excluded")
                        pairsThisRound.append(PersonPair(a, b))
                    }
                }
            }
            let repeated = pairsThisRound.filter(met.contains)
            if !repeated.isEmpty {
                // Only allowed when no matching of never-met, allowed pairs was as large as this round's.
                repeats += repeated.count
                let people = present.sorted()
                var fresh: [WeightedEdge] = []
                for (i, a) in people.enumerated() {
                    for (j, b) in people.enumerated() where j > i && !forbidden(a, b) && !met.contains(PersonPair(a, b)) {
                        fresh.append(WeightedEdge(i, j, weight: 1))
                    }
                }
                let best = try MaximumWeightMatching.solve(vertexCount: people.count, edges: fresh, maxCardinality: true)
                #expect(best.pairs.count < groups.count, "round \(number) repeats \(repeated) though a fresh matching existed")
            }
            met.formUnion(pairsThisRound)
            lastSatOut = satOut
        }
        // A lead may be paired with none of the nine they lead, so by the last rounds a lead can have
        // met everyone they may be paired with; a repeat is then the best there is (checked above).
        #expect(repeats <= 8, "\(repeats) repeats in 26 rounds of 40 people")
        // Every round and exclusion is in the audit trail.
        let rounds = try await fixture.pool.query("SELECT count(*) FROM audit_log WHERE entity_table = 'pairing_rounds' AND operation = 'insert'")
        #expect(try rounds[0].decode(Int.self, at: 0) == 26)
        let exclusions = try await fixture.pool.query("SELECT count(*) FROM audit_log WHERE entity_table = 'pairing_exclusions'")
        #expect(try exclusions[0].decode(Int.self, at: 0) == 3)
        try await fixture.tearDown()
    }

    @Test("the same seed and history give the same rounds; another seed may not")
    func deterministic() async throws {
        let fixture = try await ServiceFixture.make()
        let services = fixture.services
        _ = try await services.createTeam(name: "North", timeZone: "Europe/London", as: fixture.admin)
        let emails = (0..<9).map { "n\($0)@example.org" }
        for email in emails {
            _ = try await services.addPerson(.init(email: email, displayName: email), as: fixture.admin)
        }
        _ = try await services.addMembers(team: "North", emails: emails, role: .member, as: fixture.admin)
        // Two schemes over the same people start from the same (empty) history.
        var rounds: [String: [[String]]] = [:]
        for (name, seed) in [("Coffee", UInt64(7)), ("Tea", UInt64(7)), ("Juice", UInt64(8))] {
            var new = CirclesServices.NewPairingScheme(name: name, teams: ["North"], rule: "FREQ=WEEKLY", start: "2027-01-04T12:30")
            new.membership = "opt-out"
            _ = try await services.createPairingScheme(new, as: fixture.admin)
            for _ in 0..<4 {
                let round = try await services.runPairingRound(name, seed: seed, as: fixture.admin)
                #expect(round.groups.flatMap(\.members).count + round.unpaired.count == 9)
                rounds[name, default: []] += round.groups.map { $0.members.map(\.name) }
            }
        }
        #expect(rounds["Coffee"] == rounds["Tea"])
        #expect(rounds["Coffee"] != rounds["Juice"])
        try await fixture.tearDown()
    }
}
