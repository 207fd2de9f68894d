import Foundation
import TestRequirements

/// The independent calendar readers the feed tests use: Python's `icalendar` with
/// `recurring-ical-events` (PyPI, in `.local/ical-venv`, which deploy/local/ensure-packages.sh
/// makes) and libical (Debian's libical-dev) through a small C program compiled here.
enum CalendarParsers {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let python = root.appendingPathComponent(".local/ical-venv/bin/python").path

    /// recurring-ical-events can be imported.
    static let recurring = Requirement(
        isMet: (try? run(python, ["-c", "import recurring_ical_events, icalendar"]).status) == 0,
        missing: "recurring-ical-events is missing from \(python); run deploy/local/ensure-packages.sh")

    /// libical's headers and library are there (pkg-config knows libical).
    static let libical = Requirement(
        isMet: (try? run("/usr/bin/pkg-config", ["--exists", "libical"]).status) == 0,
        missing: "libical is missing; install it with: apt-get install -y libical-dev pkg-config")

    /// One event as recurring-ical-events expands it.
    struct Expanded: Decodable, Hashable {
        let uid: String
        let sequence: Int
        let status: String
        let start: String
        let end: String
        let summary: String
    }

    /// Expands `feed` between two instants (ISO 8601, UTC): every event, cancelled ones included.
    static func expand(_ feed: [UInt8], from: Date, to: Date) throws -> [Expanded] {
        let script = """
            import sys, json, datetime, icalendar, recurring_ical_events
            calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
            start = datetime.datetime.fromisoformat(sys.argv[1])
            end = datetime.datetime.fromisoformat(sys.argv[2])
            out = []
            for event in recurring_ical_events.of(calendar).between(start, end):
                utc = lambda value: value.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
                out.append({"uid": str(event["UID"]), "sequence": int(event.get("SEQUENCE", 0)),
                            "status": str(event.get("STATUS", "")), "start": utc(event["DTSTART"].dt),
                            "end": utc(event["DTEND"].dt), "summary": str(event["SUMMARY"])})
            print(json.dumps(out))
            """
        let formatter = ISO8601DateFormatter()
        let result = try run(python, ["-c", script, formatter.string(from: from), formatter.string(from: to)], input: Data(feed))
        guard result.status == 0 else { throw Failure(description: "recurring-ical-events failed: \(result.errors)") }
        return try JSONDecoder().decode([Expanded].self, from: Data(result.output.utf8))
    }

    /// libical's verdict: the count of VEVENTs and every X-LIC-ERROR it attached (none for a valid feed).
    static func libicalCheck(_ feed: [UInt8]) throws -> (events: Int, errors: [String]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("feed-libical-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("check.c")
        try Data(checkProgram.utf8).write(to: source)
        let flags = try run("/usr/bin/pkg-config", ["--cflags", "--libs", "libical"]).output.split(whereSeparator: \.isWhitespace).map(String.init)
        let binary = directory.appendingPathComponent("check").path
        let compiled = try run("/usr/bin/cc", ["-o", binary, source.path] + flags)
        guard compiled.status == 0 else { throw Failure(description: "cannot compile the libical check: \(compiled.errors)") }
        let checked = try run(binary, [], input: Data(feed))
        guard checked.status == 0 else { throw Failure(description: "libical check failed: \(checked.errors)") }
        let lines = checked.output.split(separator: "\n").map(String.init)
        let events = Int(lines.first { $0.hasPrefix("events ") }?.dropFirst("events ".count) ?? "") ?? -1
        return (events, lines.filter { $0.hasPrefix("error ") })
    }

    /// Parses standard input with libical; prints `events N` and one `error …` line per X-LIC-ERROR anywhere.
    static let checkProgram = """
        #include <libical/ical.h>
        #include <stdio.h>
        #include <stdlib.h>
        static void errors(icalcomponent *c) {
            for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
                 p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY))
                printf("error %s\\n", icalproperty_get_xlicerror(p));
            for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
                 s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
                errors(s);
        }
        int main(void) {
            size_t size = 0, cap = 1 << 16; char *text = malloc(cap); size_t n;
            while ((n = fread(text + size, 1, cap - size - 1, stdin)) > 0) { size += n; if (cap - size < 2) text = realloc(text, cap *= 2); }
            text[size] = 0;
            icalcomponent *calendar = icalparser_parse_string(text);
            if (!calendar) { printf("error no calendar\\n"); return 0; }
            if (icalcomponent_isa(calendar) != ICAL_VCALENDAR_COMPONENT) printf("error top level is not VCALENDAR\\n");
            icalrestriction_check(calendar);
            errors(calendar);
            printf("events %d\\n", icalcomponent_count_components(calendar, ICAL_VEVENT_COMPONENT));
            icalcomponent_free(calendar);
            return 0;
        }
        """

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let writer = Thread {
            if let input { stdin.fileHandleForWriting.write(input) }
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}
