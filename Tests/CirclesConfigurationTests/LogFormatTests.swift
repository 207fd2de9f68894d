import CirclesLogging
import Foundation
import Logging
import Synchronization
import Testing

@Suite("log lines: text, JSON lines and logfmt, escaped correctly")
struct LogFormatTests {
    static let time = LogTimestamp(seconds: 1_795_000_000, milliseconds: 7)

    func line(_ message: String, _ metadata: Logger.Metadata = [:], level: Logger.Level = .info) -> LogLine {
        LogLine(time: Self.time, level: level, label: "circles.worker", message: message, metadata: metadata)
    }

    @Test("timestamps are RFC 3339 UTC with milliseconds (checked against Python's datetime)")
    func timestamp() {
        #expect(Self.time.description == "2026-11-18T11:06:40.007Z")
        #expect(LogTimestamp(seconds: 0).description == "1970-01-01T00:00:00.000Z")
    }

    @Test("JSON lines carry time, level, logger, message and each metadata key as a field")
    func jsonFields() throws {
        let rendered = line("reminder sent", ["reminder.id": "r-1", "meeting.id": "m-2"]).rendered(.json)
        #expect(
            rendered
                == #"{"time":"2026-11-18T11:06:40.007Z","level":"info","logger":"circles.worker","message":"reminder sent","meeting.id":"m-2","reminder.id":"r-1"}"#
        )
    }

    @Test("JSON escapes quotes, backslashes, newlines and control characters, and parses back exactly")
    func jsonEscaping() throws {
        let awkward = "said \"hi\"\\ then\nnew line\r\ttab \u{01} bell\u{07} é ✓ \u{2028}"
        let rendered = line(awkward, ["note": .string(awkward), "list": ["a\"", "b"], "map": ["k": "v\n"]]).rendered(.json)
        #expect(!rendered.contains("\n"))
        #expect(rendered.contains(#"said \"hi\"\\ then\nnew line\r\ttab \u0001 bell\u0007 é ✓ \u2028"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: Any])
        #expect(object["message"] as? String == awkward)
        #expect(object["note"] as? String == awkward)
        #expect(object["list"] as? [String] == ["a\"", "b"])
        #expect((object["map"] as? [String: String])?["k"] == "v\n")
    }

    @Test("logfmt leaves simple values bare and quotes values with spaces, =, quotes, backslashes or newlines")
    func logfmtQuoting() {
        let rendered = line(
            "reminder sent",
            [
                "reminder.id": "r-1", "empty": "", "spaced": "two words", "equals": "a=b", "quote": "say \"hi\"",
                "slash": "C:\\dir", "newline": "one\ntwo", "tab": "a\tb", "control": "x\u{01}y", "unicode": "café",
            ]
        ).rendered(.logfmt)
        #expect(
            rendered
                == #"time=2026-11-18T11:06:40.007Z level=info logger=circles.worker msg="reminder sent" control="x\u0001y" empty="" equals="a=b" newline="one\ntwo" quote="say \"hi\"" reminder.id=r-1 slash="C:\\dir" spaced="two words" tab="a\tb" unicode=café"#
        )
        #expect(!rendered.contains("\n"))
    }

    @Test("logfmt keys lose spaces, = and quotes; metadata cannot overwrite the record's own fields")
    func logfmtKeys() {
        let rendered = line("m", ["bad key=\"x\"": "v", "msg": "spoofed", "level": "critical"]).rendered(.logfmt)
        #expect(rendered == #"time=2026-11-18T11:06:40.007Z level=info logger=circles.worker msg=m bad_key__x_=v"#)
        let json = line("m", ["message": "spoofed"]).rendered(.json)
        #expect(!json.contains("spoofed"))
    }

    @Test("text lines read like the stream handler's: time, level, label, message, metadata")
    func text() {
        #expect(
            line("pass", ["meetings": "3"], level: .warning).rendered(.text)
                == "2026-11-18T11:06:40.007Z warning circles.worker: pass meetings=3")
    }

    @Test("text lines show control characters in the message and metadata escaped, so a record stays one line")
    func textEscapesControls() {
        let rendered = line("title \u{1B}]0;owned\u{07} then\nforged line", ["reason": "a\rb\tc\u{9B}"]).rendered(.text)
        #expect(!rendered.contains("\n") && !rendered.contains("\u{1B}") && !rendered.contains("\u{07}") && !rendered.contains("\r"))
        #expect(
            rendered
                == #"2026-11-18T11:06:40.007Z info circles.worker: title \u{1B}]0;owned\u{7} then\nforged line reason=a\rb\tc\u{9B}"#)
    }

    @Test("the handler follows the level and format set for the process unless given its own")
    func handlerFollowsSettings() {
        let lines = Mutex<[String]>([])
        let before = CirclesLogging.current
        defer { CirclesLogging.configure(before) }
        CirclesLogging.configure(.init(level: .warning, format: .logfmt))
        var logger = Logger(label: "t") { label in
            CirclesLogHandler(label: label, format: nil, level: nil) { line in lines.withLock { $0.append(line) } }
        }
        logger.info("hidden")
        logger.warning("shown", metadata: ["meeting.id": "m-1"])
        CirclesLogging.configure(.init(level: .info, format: .json))
        logger.info("now json")
        logger.logLevel = .error
        logger.warning("hidden again")
        let written = lines.withLock { $0 }
        #expect(written.count == 2)
        #expect(written.first?.hasSuffix("msg=shown meeting.id=m-1\n") == true)
        #expect(written.last?.hasPrefix("{\"time\":") == true)
        #expect(written.last?.hasSuffix("\"message\":\"now json\"}\n") == true)
    }
}
