import CirclesDomain
import Foundation
import Postgres

extension ProgressStore {
    /// Meetings with their attendance counts, and attendance tracks, from one scan of attendance.
    struct Attendance {
        var meetings: [ProgressFacts.Meeting] = []
        var tracks: [ProgressFacts.AttendanceTrack] = []
    }

    /// Every series' meetings up to the cutoff, in time order, by series id.
    struct SeriesMeetings {
        var days: [Int]
        /// A status letter per meeting: H held, C cancelled by the cutoff, S neither; lower case when moved.
        var codes: [UInt8]
        var reasons: [String]
        var attended: [Int]
        var recorded: [Int]
    }

    /// Per series and person, their outcomes at its held meetings, with each one's position among them.
    struct TrackRow: Sendable {
        let team: String
        let action: String?
        let series: String
        let person: String
        let name: String
        let positions: [Int]
        let outcomes: [UInt8]
        let lastAttended: Int?
    }

    /// Meetings and attendance come from two statements: `meetings`, every series' meetings as
    /// parallel arrays, and `attendanceTracks`, per series and person their outcomes at its held
    /// meetings. `combine` adds up per-meeting attendance counts from the second, so the
    /// 500,000-row attendance table is read once; the two can run on different connections.
    static func meetings(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [String: SeriesMeetings] {
        var bySeries: [String: SeriesMeetings] = [:]
        for row in try connection.query("""
            WITH scope AS (
                SELECT t.id AS team_id, c.cutoff
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            )
            SELECT o.series_id::text,
                   array_agg(o.local_start::date - DATE '1970-01-01' ORDER BY o.starts_at, o.id),
                   string_agg(CASE WHEN o.status = 'held' THEN 'H'
                                   WHEN o.status = 'cancelled' AND o.cancelled_at < sc.cutoff THEN 'C'
                                   ELSE 'S' END, '' ORDER BY o.starts_at, o.id),
                   string_agg(CASE WHEN o.starts_at <> o.original_start THEN 'm' ELSE '-' END, '' ORDER BY o.starts_at, o.id),
                   coalesce(array_agg(o.cancel_reason ORDER BY o.starts_at, o.id)
                            FILTER (WHERE o.status = 'cancelled' AND o.cancelled_at < sc.cutoff), '{}')
            FROM scope sc
            JOIN series s ON s.team_id = sc.team_id
            JOIN occurrences o ON o.series_id = s.id AND o.starts_at < sc.cutoff
            WHERE (\(p.workshop)::uuid IS NULL
                   OR s.action_item_id IN (SELECT id FROM action_items WHERE workshop_id = \(p.workshop)))
            GROUP BY o.series_id
            """)
        {
            let (series, days, statuses, moves, reasons) = try row.decode((String, [Int], String, String, [String]).self)
            let codes = zip(statuses.utf8, moves.utf8).map { $1 == UInt8(ascii: "m") ? $0 | 0x20 : $0 }  // lower case when moved
            let held = codes.filter { $0 | 0x20 == UInt8(ascii: "h") }.count
            bySeries[series] = SeriesMeetings(
                days: days, codes: codes, reasons: reasons, attended: Array(repeating: 0, count: held),
                recorded: Array(repeating: 0, count: held))
        }

        return bySeries
    }

    static func attendanceTracks(_ p: Parameters, on connection: isolated PostgresConnection) throws -> [TrackRow] {
        try connection.query("""
            WITH scope AS (
                SELECT t.id AS team_id, c.cutoff
                FROM teams t
                CROSS JOIN LATERAL (SELECT coalesce(\(p.instant)::timestamptz,
                                                    ((\(p.day)::date + 1)::timestamp AT TIME ZONE t.time_zone)) AS cutoff) c
                WHERE (\(p.team)::uuid IS NULL OR t.id = \(p.team))
            ),
            held AS (
                SELECT o.id, o.series_id, s.team_id, s.action_item_id, o.starts_at, o.local_start,
                       row_number() OVER (PARTITION BY o.series_id ORDER BY o.starts_at, o.id) - 1 AS position
                FROM scope sc
                JOIN series s ON s.team_id = sc.team_id
                JOIN occurrences o ON o.series_id = s.id AND o.starts_at < sc.cutoff AND o.status = 'held'
                WHERE (\(p.workshop)::uuid IS NULL
                       OR s.action_item_id IN (SELECT id FROM action_items WHERE workshop_id = \(p.workshop)))
            ),
            track AS (
                SELECT h.series_id, a.person_id,
                       string_agg(h.position || CASE a.status WHEN 'attended' THEN 'Y' WHEN 'apologies' THEN 'A' ELSE 'N' END,
                                  ',') AS outcomes,
                       max(h.local_start) FILTER (WHERE a.status = 'attended') AS last_attended
                FROM held h JOIN attendance a ON a.occurrence_id = h.id
                GROUP BY h.series_id, a.person_id
            )
            SELECT s.team_id::text, s.action_item_id::text, t.series_id::text, t.person_id::text, p.display_name,
                   t.outcomes, t.last_attended::date - DATE '1970-01-01'
            FROM track t JOIN series s ON s.id = t.series_id JOIN people p ON p.id = t.person_id
            """).map { row in
            let (team, action, series, person, name, encoded, last) = try row.decode(
                (String, String?, String, String, String, String, Int?).self)
            // "0Y,3N,1A": each held meeting's position in the series, then the outcome letter. In
            // no particular order: ordering inside each of 35,000 groups costs the server a sort
            // apiece, while here the few outcomes of a track are put in order when they are not.
            var outcomes: [UInt8] = []
            var positions: [Int] = []
            var number = 0
            var ordered = true
            for byte in encoded.utf8 {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): number = number * 10 + Int(byte - UInt8(ascii: "0"))
                case UInt8(ascii: ","): number = 0
                default:
                    if let previous = positions.last, previous > number { ordered = false }
                    positions.append(number)
                    outcomes.append(byte)
                }
            }
            if !ordered {
                let pairs = zip(positions, outcomes).sorted { $0.0 < $1.0 }
                positions = pairs.map(\.0)
                outcomes = pairs.map(\.1)
            }
            return TrackRow(
                team: team, action: action, series: series, person: person, name: name, positions: positions, outcomes: outcomes,
                lastAttended: last)
        }
    }

    /// Adds each track's outcomes to its series' meetings and puts an action's tracks together.
    static func combine(meetings bySeries: consuming [String: SeriesMeetings], tracks: [TrackRow]) -> Attendance {
        var result = Attendance()
        var pieces: [TrackKey: [(first: Int, name: String, outcomes: [UInt8])]] = [:]
        for track in tracks {
            let (series, person, outcomes) = (track.series, track.person, track.outcomes)
            guard var meetings = bySeries[series] else { continue }
            bySeries[series] = nil  // unique while mutated
            for (position, outcome) in zip(track.positions, outcomes) where position < meetings.recorded.count {
                meetings.recorded[position] += 1
                if outcome == UInt8(ascii: "Y") { meetings.attended[position] += 1 }
            }
            let first = meetings.days.first ?? 0
            bySeries[series] = meetings
            if let action = track.action {
                pieces[TrackKey(action: action, person: person), default: []].append((first, track.name, outcomes))
            }
        }
        // An action's series (more than one after a split) follow each other in time.
        result.tracks.reserveCapacity(pieces.count)
        for (key, parts) in pieces {
            let ordered = parts.count == 1 ? parts : parts.sorted { $0.first < $1.first }
            result.tracks.append(
                ProgressFacts.AttendanceTrack(
                    actionID: key.action, personID: key.person, name: ordered[0].name,
                    outcomes: ordered.flatMap(\.outcomes).map {
                        $0 == UInt8(ascii: "Y") ? .attended : $0 == UInt8(ascii: "A") ? .apologies : .absent
                    }))
        }

        result.meetings.reserveCapacity(bySeries.values.reduce(0) { $0 + $1.days.count })
        for (series, meetings) in bySeries {
            var held = 0
            var reason = meetings.reasons.makeIterator()
            for (index, code) in meetings.codes.enumerated() where index < meetings.days.count {
                let status: OccurrenceStatus
                var attended = 0
                var recorded = 0
                switch code | 0x20 {
                case UInt8(ascii: "h"):
                    status = .held
                    attended = meetings.attended[held]
                    recorded = meetings.recorded[held]
                    held += 1
                case UInt8(ascii: "c"): status = .cancelled
                default: status = .scheduled
                }
                result.meetings.append(
                    ProgressFacts.Meeting(
                        seriesID: series, day: day(meetings.days[index]), status: status, moved: code & 0x20 != 0,
                        cancelReason: status == .cancelled ? reason.next() : nil, attended: attended, recorded: recorded))
            }
        }
        return result
    }

    /// The days of the team's held meetings each member missed, with apologies sent in advance
    /// ("A") or without a word ("N"), from the tracks: a track's positions count its series' held meetings.
    static func missedDays(
        _ tracks: [TrackRow], meetings bySeries: [String: SeriesMeetings]
    ) -> [MemberKey: (apologies: [CalendarDay], absent: [CalendarDay])] {
        var heldDays: [String: [Int]] = [:]
        var result: [MemberKey: (apologies: [CalendarDay], absent: [CalendarDay])] = [:]
        for track in tracks where track.outcomes.contains(where: { $0 != UInt8(ascii: "Y") }) {
            guard let meetings = bySeries[track.series] else { continue }
            let days = heldDays[track.series] ?? {
                let held = zip(meetings.codes, meetings.days).filter { $0.0 | 0x20 == UInt8(ascii: "h") }.map(\.1)
                heldDays[track.series] = held
                return held
            }()
            let key = MemberKey(team: track.team, person: track.person)
            for (position, outcome) in zip(track.positions, track.outcomes) where position < days.count {
                switch outcome {
                case UInt8(ascii: "A"): result[key, default: ([], [])].apologies.append(day(days[position]))
                case UInt8(ascii: "N"): result[key, default: ([], [])].absent.append(day(days[position]))
                default: break
                }
            }
        }
        return result
    }

    /// The last day each member attended any of their team's meetings, from the tracks.
    static func lastAttended(_ tracks: [TrackRow]) -> [MemberKey: CalendarDay] {
        var result: [MemberKey: CalendarDay] = [:]
        for track in tracks {
            guard let last = track.lastAttended else { continue }
            let key = MemberKey(team: track.team, person: track.person)
            result[key] = max(result[key] ?? day(last), day(last))
        }
        return result
    }

    struct TrackKey: Hashable {
        let action: String
        let person: String
    }
}
