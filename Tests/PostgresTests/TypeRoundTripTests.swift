import Foundation
import Postgres
import PostgresTestSupport
import Testing

@Suite("values round-trip through PostgreSQL unchanged")
struct TypeRoundTripTests {
    @Test("text survives verbatim: empty, non-ASCII, quotes and an injection attempt")
    func textIsStoredVerbatim() async throws {
        try await TestDatabase.withPool { pool, _ in
            try await pool.execute("CREATE TABLE people (name text)")
            let samples = ["", "Siân O’Brien", "Ζωή 👩🏽‍⚕️", "'); DROP TABLE people; --", "tab\tnew\nline\\back", "\"quoted\""]
            for sample in samples {
                try await pool.execute("INSERT INTO people (name) VALUES (\(sample))")
            }
            let stored = try await pool.query("SELECT name FROM people").decode((String).self)
            #expect(stored == samples)
            let tableStillThere = try await pool.query("SELECT count(*) FROM people")[0].decode(Int.self, at: 0)
            #expect(tableStillThere == samples.count)
        }
    }

    @Test("text arrays survive verbatim as one parameter: quotes, backslashes, commas, braces, NULL as text, non-ASCII")
    func textArraysAreBoundVerbatim() async throws {
        try await TestDatabase.withPool { pool, _ in
            let samples = ["", "plain", "a,b", "{x}", "\"quoted\"", "back\\slash", "NULL", "Siân O’Brien 👩🏽‍⚕️", "'); DROP TABLE x; --", " spaced "]
            let back = try await pool.query("SELECT e FROM unnest(\(samples)::text[]) WITH ORDINALITY AS u(e, n) ORDER BY n")
                .decode(String.self)
            #expect(back == samples)
            let numbers: [Int] = [Int.min, -1, 0, 42, Int.max]
            #expect(try await pool.query("SELECT \(numbers)::int8[]")[0].decode([Int].self, at: 0) == numbers)
            #expect(try await pool.query("SELECT cardinality(\([String]())::text[])")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test("integers, booleans and doubles keep their values at the edges")
    func numbers() async throws {
        try await TestDatabase.withPool { pool, _ in
            let row = try await pool.query("""
                SELECT \(Int16.min)::int2, \(Int16.max)::int2, \(Int32.min)::int4, \(Int32.max)::int4,
                       \(Int64.min)::int8, \(Int64.max)::int8, \(true)::bool, \(false)::bool,
                       \(0.1)::float8, \(-1.5e300)::float8, \(Double.infinity)::float8
                """)[0]
            let values = try row.decode((Int16, Int16, Int32, Int32, Int64, Int64, Bool, Bool, Double, Double, Double).self)
            #expect(values.0 == .min && values.1 == .max)
            #expect(values.2 == .min && values.3 == .max)
            #expect(values.4 == .min && values.5 == .max)
            #expect(values.6 == true && values.7 == false)
            #expect(values.8 == 0.1 && values.9 == -1.5e300 && values.10 == .infinity)
        }
    }

    @Test("timestamptz keeps the instant to the microsecond, whatever the session time zone")
    func timestamps() async throws {
        try await TestDatabase.withPool { pool, _ in
            let instants = [
                Date(timeIntervalSince1970: 1_796_738_400.123456),  // 2026-12-08 14:00:00.123456 UTC
                Date(timeIntervalSince1970: 0),
                Date(timeIntervalSince1970: -86_400.5),
                Date(timeIntervalSince1970: 951_782_400),  // 2000-02-29
            ]
            for instant in instants {
                let back = try await pool.query("SELECT \(instant)::timestamptz")[0].decode(Date.self, at: 0)
                #expect(abs(back.timeIntervalSince1970 - instant.timeIntervalSince1970) < 0.000_001)
            }
            let ancient = try await pool.query("SELECT \(Date.distantPast)::timestamptz < \(Date(timeIntervalSince1970: 0))::timestamptz")[0].decode(Bool.self, at: 0)
            #expect(ancient)
            let fromServer = try await pool.query("SELECT '2026-03-29 01:30:00+01'::timestamptz")[0].decode(Date.self, at: 0)
            #expect(fromServer == Date(timeIntervalSince1970: 1_774_744_200))
        }
    }

    @Test("UUIDs cross as PostgreSQL writes them: 500 random ones and the edges round-trip, uppercase text reads, and text that is not one is refused")
    func uuids() async throws {
        try await TestDatabase.withPool { pool, _ in
            let ids = (0..<500).map { _ in UUID() } + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))]
            let rows = try await pool.query("SELECT id, id::text FROM unnest(\(ids.map(\.uuidString))::text[]::uuid[]) WITH ORDINALITY AS t(id, n) ORDER BY n")
            let decoded = try rows.decode((UUID, String).self)
            #expect(decoded.map(\.0) == ids)
            // PostgreSQL's own text, and Foundation's (lowercased), are what we send.
            #expect(decoded.map(\.1) == ids.map { $0.uuidString.lowercased() })
            #expect(ids.allSatisfy { $0.postgresText == $0.uuidString.lowercased() })
            let upper = try await pool.query("SELECT \(ids[0].uuidString)::text")[0].decode(UUID.self, at: 0)
            #expect(upper == ids[0])
            for text in ["", "not a uuid", String(ids[0].uuidString.dropLast()), ids[0].uuidString + "0",
                         ids[0].uuidString.replacingOccurrences(of: "-", with: ""), String(ids[0].uuidString.dropLast()) + "g",
                         "0" + ids[0].uuidString.dropFirst().replacingOccurrences(of: "-", with: "+", options: [], range: nil)] {
                #expect(throws: (any Error).self, "\(text)") { try rowsDecode(text) }
            }
            func rowsDecode(_ text: String) throws {
                _ = try text.utf8.withContiguousStorageIfAvailable { bytes in
                    try UUID.decode(postgresText: bytes, type: .text)
                }
            }
        }
    }

    @Test("date, uuid, jsonb, text[] and int8[] round-trip")
    func structuredTypes() async throws {
        struct Payload: Codable, Equatable, Sendable {
            var title: String
            var offsets: [Int]
        }
        try await TestDatabase.withPool { pool, _ in
            let date = try #require(PostgresDate(year: 2028, month: 2, day: 29))
            let id = UUID()
            let json = try PostgresJSON(Payload(title: "Peer support — “monthly”", offsets: [2880, 60]))
            let tags = ["a", "", "with,comma", "with \"quote\"", "back\\slash", "NULL", "{braces}", "Ünïcödé"]
            let numbers: [Int64] = [Int64.min, -1, 0, 42, Int64.max]
            let row = try await pool.query("""
                SELECT \(date)::date, \(id)::uuid, \(json)::jsonb, \(tags)::text[], \(numbers)::int8[],
                       \([String]())::text[], \([Int64]())::int8[]
                """)[0]
            let decoded = try row.decode((PostgresDate, UUID, PostgresJSON<Payload>, [String], [Int64], [String], [Int64]).self)
            #expect(decoded.0 == date)
            #expect(decoded.1 == id)
            #expect(decoded.2.value == json.value)
            #expect(decoded.3 == tags)
            #expect(decoded.4 == numbers)
            #expect(decoded.5.isEmpty && decoded.6.isEmpty)
        }
    }

    @Test("NULL decodes as nil for every optional type, and binds from nil")
    func nulls() async throws {
        try await TestDatabase.withPool { pool, _ in
            let none: String? = nil
            let row = try await pool.query("""
                SELECT \(none)::text, NULL::int2, NULL::int4, NULL::int8, NULL::bool, NULL::float8,
                       NULL::timestamptz, NULL::date, NULL::uuid, NULL::jsonb, NULL::text[], NULL::int8[]
                """)[0]
            let values = try row.decode(
                (String?, Int16?, Int32?, Int64?, Bool?, Double?, Date?, PostgresDate?, UUID?,
                 PostgresJSON<[String]>?, [String]?, [Int64]?).self)
            #expect(values.0 == nil && values.1 == nil && values.2 == nil && values.3 == nil)
            #expect(values.4 == nil && values.5 == nil && values.6 == nil && values.7 == nil)
            #expect(values.8 == nil && values.9 == nil && values.10 == nil && values.11 == nil)
        }
    }

    @Test("a decoding error names the column and both types")
    func decodingErrorsNameTheColumn() async throws {
        try await TestDatabase.withPool { pool, _ in
            let rows = try await pool.query("SELECT 'x'::text AS email, NULL::int8 AS team_count")
            let typeMismatch = #expect(throws: PostgresError.self) { try rows[0].decode(Int64.self, column: "email") }
            #expect(typeMismatch?.description == "cannot decode column \"email\" of type text as Int64")
            let null = #expect(throws: PostgresError.self) { try rows[0].decode(Int64.self, column: "team_count") }
            #expect(null?.description.contains("\"team_count\" of type bigint as Int64: the value is NULL") == true)
            let missing = #expect(throws: PostgresError.self) { try rows[0].decode(String.self, column: "name") }
            #expect(missing?.description.contains("it has email, team_count") == true)
        }
    }
}
