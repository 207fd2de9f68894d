import CirclesServices
import Foundation
import Mail
import MailComposition
import TestRequirements
import Testing

/// Meeting emails as a recipient sees them: subject, times in their own zone, who facilitates,
/// follow-ups for the facilitator only, headers, and the calendar attachment. Pure: no database.
@Suite("composing meeting reminders, invitations and cancellations")
struct MeetingMailComposerTests {
    static let composer = MeetingMailComposer(
        sender: try! Mailbox("circles@example.org", displayName: "Circles"),
        domain: "circles.example.org")
    static let december = Date(timeIntervalSince1970: 1_796_738_400)  // 2026-12-08T14:00:00Z, a Tuesday
    static let june = Date(timeIntervalSince1970: 1_781_010_000)  // 2026-06-09T13:00:00Z, 14:00 BST
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let title = "Peer support – social workers"
    static let followUps = [
        MeetingMailContent.FollowUpLine(
            title: "Update the referral leaflet", ownerName: "Priya Shah", dueOn: "2026-12-18"),
        MeetingMailContent.FollowUpLine(title: "Book the training room"),
    ]

    /// A 90-minute meeting of a London series, for a London recipient unless told otherwise.
    static func content(
        kind: MeetingMailKind = .meetingReminder,
        key: String = "meeting-reminder:occ-1:person-1:60m:1796738400",
        title: String = title,
        start: Date = december,
        recipientZone: String = "Europe/London",
        sequence: Int = 0,
        isFacilitator: Bool = false,
        cancelReason: String? = nil
    ) -> MeetingMailContent {
        MeetingMailContent(
            idempotencyKey: key, kind: kind,
            recipient: .init(name: "Alex Morgan", email: "alex@example.org", timeZoneID: recipientZone),
            seriesID: "series-7", seriesTitle: title, originalStart: start, start: start,
            end: start.addingTimeInterval(90 * 60), seriesTimeZoneID: "Europe/London", sequence: sequence,
            cancelReason: cancelReason, location: "Room 2, Civic Centre",
            onlineURL: URL(string: "https://meet.example.org/peer-support"),
            facilitator: isFacilitator
                ? .init(name: "Alex Morgan", email: "alex@example.org")
                : .init(name: "Sam Okafor", email: "sam@example.org"),
            recipientIsFacilitator: isFacilitator, openFollowUps: followUps,
            organizer: .init(name: "Jo Team Lead", email: "jo@example.org"),
            attendees: [
                .init(name: "Sam Okafor", email: "sam@example.org"),
                .init(name: "Alex Morgan", email: "alex@example.org"),
            ],
            unsubscribeURL: URL(string: "https://circles.example.org/unsubscribe/abc123")!,
            unsubscribeMailto: "mailto:unsubscribe@example.org?subject=abc123")
    }

    static func compose(_ content: MeetingMailContent, now: Date = now) throws -> MailMessage {
        try composer.compose(content, now: now)
    }

    /// The header section of the rendered message, unfolded, one field per element.
    static func headerFields(_ message: MailMessage) -> [String] {
        let rendered = String(decoding: message.rendered(), as: UTF8.self)
        let head = rendered.components(separatedBy: "\r\n\r\n")[0]
        return head.replacingOccurrences(of: "\r\n ", with: " ").components(separatedBy: "\r\n")
    }

    static func calendar(_ message: MailMessage) -> String {
        String(decoding: message.attachments[0].data, as: UTF8.self)
    }

    @Test("a London reminder in December names GMT in the subject and the body")
    func londonWinter() throws {
        let message = try Self.compose(Self.content())
        #expect(message.subject == "Reminder: Peer support – social workers, Tue 8 Dec 14:00 GMT")
        #expect(
            message.textBody.contains("When: Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)"))
        #expect(
            message.htmlBody?.contains("Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)")
                == true)
        #expect(!message.textBody.contains("Meeting's local time"))
        #expect(message.textBody.contains("Where: Room 2, Civic Centre"))
        #expect(message.textBody.contains("Join online: https://meet.example.org/peer-support"))
        #expect(message.textBody.contains("Facilitator: Sam Okafor (sam@example.org)"))
        #expect(message.textBody.contains("https://circles.example.org/unsubscribe/abc123"))
    }

    @Test("the same London meeting in June is shown in BST, at 14:00 local time")
    func londonSummer() throws {
        let message = try Self.compose(Self.content(start: Self.june))
        #expect(message.subject == "Reminder: Peer support – social workers, Tue 9 Jun 14:00 BST")
        #expect(
            message.textBody.contains("When: Tuesday 9 June 2026, 14:00–15:30 (Europe/London, BST)"))
    }

    @Test("a recipient in New York sees their own time first and the meeting's London time too")
    func otherZone() throws {
        let message = try Self.compose(Self.content(recipientZone: "America/New_York"))
        #expect(message.subject == "Reminder: Peer support – social workers, Tue 8 Dec 09:00 EST")
        #expect(
            message.textBody.contains(
                "When: Tuesday 8 December 2026, 09:00–10:30 (America/New_York, EST)"))
        #expect(
            message.textBody.contains(
                "Meeting's local time: Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)"))
        // The calendar keeps the meeting in its own zone; clients convert.
        #expect(Self.calendar(message).contains("DTSTART;TZID=Europe/London:20261208T140000"))
    }

    @Test("the facilitator's reminder lists the open follow-ups; other members' reminders do not")
    func followUpsForFacilitatorOnly() throws {
        let facilitator = try Self.compose(Self.content(isFacilitator: true))
        #expect(facilitator.textBody.contains("You are facilitating this meeting."))
        #expect(facilitator.textBody.contains("Open follow-ups from the last meeting:"))
        #expect(
            facilitator.textBody.contains(
                "- Update the referral leaflet — Priya Shah, due Friday 18 December 2026"))
        #expect(facilitator.textBody.contains("- Book the training room"))
        #expect(facilitator.htmlBody?.contains("<li>Book the training room</li>") == true)
        #expect(Self.calendar(facilitator).contains("referral leaflet"))

        let member = try Self.compose(Self.content(isFacilitator: false))
        for text in [member.textBody, member.htmlBody ?? "", Self.calendar(member)] {
            #expect(!text.contains("follow-up"))
            #expect(!text.contains("referral leaflet"))
            #expect(!text.contains("training room"))
        }
    }

    @Test("a cancellation carries METHOD:CANCEL, STATUS:CANCELLED, a higher SEQUENCE and the reason")
    func cancellation() throws {
        let invitation = try Self.compose(
            Self.content(kind: .invitation, key: "invitation:occ-1:person-1", sequence: 2))
        let cancelled = try Self.compose(
            Self.content(
                kind: .cancellation, key: "cancellation:occ-1:person-1", sequence: 3,
                cancelReason: "The facilitator is unwell"))
        #expect(invitation.subject.hasPrefix("Invitation: Peer support"))
        #expect(cancelled.subject == "Cancelled: Peer support – social workers, Tue 8 Dec 14:00 GMT")
        #expect(cancelled.textBody.contains("Reason: The facilitator is unwell"))
        #expect(cancelled.htmlBody?.contains("Reason: The facilitator is unwell") == true)

        let request = Self.calendar(invitation)
        let cancel = Self.calendar(cancelled)
        #expect(request.contains("METHOD:REQUEST\r\n") && request.contains("STATUS:CONFIRMED\r\n"))
        #expect(cancel.contains("METHOD:CANCEL\r\n") && cancel.contains("STATUS:CANCELLED\r\n"))
        #expect(request.contains("SEQUENCE:2\r\n") && cancel.contains("SEQUENCE:3\r\n"))
        #expect(cancel.contains("BEGIN:VTIMEZONE"))
        #expect(
            cancel.replacingOccurrences(of: "\r\n ", with: "").contains(
                "DESCRIPTION:Reason: The facilitator is unwell"))
        #expect(cancelled.attachments[0].contentType.parameter("method") == "CANCEL")
        let uid = "UID:series-7-20261208T140000Z@circles.example.org\r\n"
        #expect(request.contains(uid) && cancel.contains(uid))
    }

    @Test("a moved meeting keeps its UID, which comes from the series and the original start")
    func stableUID() throws {
        var moved = Self.content(sequence: 4)
        moved.start = Self.december.addingTimeInterval(86_400)
        moved.end = moved.start.addingTimeInterval(3600)
        let ics = Self.calendar(try Self.compose(moved))
        #expect(ics.contains("UID:series-7-20261208T140000Z@circles.example.org\r\n"))
        #expect(ics.contains("DTSTART;TZID=Europe/London:20261209T140000\r\n"))
    }

    @Test("the facilitator is the CHAIR and each person is invited once")
    func attendees() throws {
        let ics = Self.calendar(try Self.compose(Self.content(kind: .invitation)))
            .replacingOccurrences(of: "\r\n ", with: "")
        let lines = ics.components(separatedBy: "\r\n").filter { $0.hasPrefix("ATTENDEE") }
        #expect(lines.count == 2)
        #expect(lines.contains { $0.contains("ROLE=CHAIR") && $0.hasSuffix("mailto:sam@example.org") })
        #expect(
            lines.contains {
                $0.contains("ROLE=REQ-PARTICIPANT") && $0.hasSuffix("mailto:alex@example.org")
            })
        #expect(ics.contains("ORGANIZER;CN=Jo Team Lead:mailto:jo@example.org"))
    }

    @Test(
        "reminders carry one-click List-Unsubscribe; invitations and cancellations do not; all are Auto-Submitted"
    )
    func headers() throws {
        let reminder = Self.headerFields(try Self.compose(Self.content()))
        #expect(
            reminder.contains(
                "List-Unsubscribe: <https://circles.example.org/unsubscribe/abc123>, <mailto:unsubscribe@example.org?subject=abc123>"
            ))
        #expect(reminder.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
        #expect(reminder.contains("Auto-Submitted: auto-generated"))
        #expect(reminder.contains("Reply-To: \"Jo Team Lead\" <jo@example.org>"))
        for kind in [MeetingMailKind.invitation, .cancellation] {
            let fields = Self.headerFields(
                try Self.compose(Self.content(kind: kind, cancelReason: "Holiday")))
            #expect(!fields.contains { $0.hasPrefix("List-Unsubscribe") })
            #expect(fields.contains("Auto-Submitted: auto-generated"))
        }
    }

    @Test(
        "the Message-ID is the same for the same reminder key, even composed later, and differs for another key"
    )
    func messageID() throws {
        let first = try Self.compose(Self.content(key: "meeting-reminder:occ-1:p-1:60m:1"))
        let again = try Self.compose(
            Self.content(key: "meeting-reminder:occ-1:p-1:60m:1"), now: Self.now.addingTimeInterval(600))
        let other = try Self.compose(Self.content(key: "meeting-reminder:occ-1:p-1:2880m:1"))
        #expect(first.messageID == again.messageID)
        #expect(first.messageID != other.messageID)
        #expect(first.messageID.value.hasSuffix("@circles.example.org"))
    }

    @Test("a title with CRLF cannot add a header, nor a line of its own in the body or calendar")
    func headerInjection() throws {
        let message = try Self.compose(
            Self.content(title: "Peer support\r\nBcc: mallory@example.org\r\n\r\nhello"))
        let fields = Self.headerFields(message)
        #expect(!fields.contains { $0.lowercased().hasPrefix("bcc:") })
        #expect(fields.filter { $0.hasPrefix("Subject:") }.count == 1)
        #expect(
            message.subject.hasPrefix("Reminder: Peer support Bcc: mallory@example.org hello, Tue 8 Dec"))
        for text in [message.textBody, Self.calendar(message)] {
            let lines = text.components(separatedBy: .newlines)
            #expect(!lines.contains { $0.lowercased().hasPrefix("bcc:") })
        }
    }

    @Test("a title with <script> is escaped in the HTML, which loads nothing from outside")
    func htmlEscaping() throws {
        let message = try Self.compose(
            Self.content(title: "Peer <script>alert('x')</script> & support"))
        let html = try #require(message.htmlBody)
        #expect(!html.lowercased().contains("<script"))
        #expect(
            html.contains(
                "<h1>Reminder: Peer &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; support</h1>"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<html lang=\"en-GB\">"))
    }

    @Test(
        "unknown zones, non-http join links and a non-https unsubscribe page are refused with a reason")
    func refusals() throws {
        var badZone = Self.content(recipientZone: "Mars/Olympus_Mons")
        #expect(throws: MeetingMailError.self) { try Self.compose(badZone) }
        badZone.recipient.timeZoneID = "Europe/London"
        badZone.seriesTimeZoneID = "Europe/Londn"
        #expect(throws: MeetingMailError.self) { try Self.compose(badZone) }

        var script = Self.content()
        script.onlineURL = URL(string: "javascript:alert(1)")
        #expect(throws: MeetingMailError.self) { try Self.compose(script) }

        var plain = Self.content()
        plain.unsubscribeURL = URL(string: "http://circles.example.org/unsubscribe/abc123")!
        #expect(throws: MeetingMailError.self) { try Self.compose(plain) }

        let error = #expect(throws: MeetingMailError.self) {
            try Self.compose(Self.content(recipientZone: "Mars/Olympus_Mons"))
        }
        #expect(error?.code == .unknownTimeZone)
        #expect(error?.message.contains("Mars/Olympus_Mons") == true)
    }

    @Test(
        "python's strict email parser and icalendar read every message without a defect",
        .enabled(if: PythonMailCheck.requirement.shouldRun, "needs /usr/bin/python3 with the icalendar package (Debian python3-icalendar)"))
    func independentParsers() throws {
        try PythonMailCheck.requirement.check()
        let december = "series-7-20261208T140000Z@circles.example.org"
        let cases:
            [(MeetingMailContent, local: String, method: String, uid: String, sequence: Int, start: Date)] =
                [
                    (
                        Self.content(key: "meeting-reminder:occ-1:p-1:60m:1796738400"),
                        "Tuesday 8 December 2026, 14:00–15:30 (Europe/London, GMT)", "REQUEST", december, 0,
                        Self.december
                    ),
                    (
                        Self.content(
                            key: "meeting-reminder:occ-2:p-1:2880m:1781010000", start: Self.june, sequence: 1,
                            isFacilitator: true),
                        "Tuesday 9 June 2026, 14:00–15:30 (Europe/London, BST)", "REQUEST",
                        "series-7-20260609T130000Z@circles.example.org", 1, Self.june
                    ),
                    (
                        Self.content(
                            kind: .invitation, key: "invitation:occ-1:p-2", recipientZone: "America/New_York",
                            sequence: 2),
                        "Tuesday 8 December 2026, 09:00–10:30 (America/New_York, EST)", "REQUEST", december,
                        2,
                        Self.december
                    ),
                    (
                        Self.content(
                            kind: .cancellation, key: "cancellation:occ-1:p-3",
                            recipientZone: "Australia/Sydney",
                            sequence: 3, cancelReason: "Room unavailable – sorry"),
                        "Wednesday 9 December 2026, 01:00–02:30 (Australia/Sydney, AEDT)", "CANCEL", december,
                        3, Self.december
                    ),
                ]
        let messages = try cases.map { try Self.compose($0.0) }
        let reports = try PythonMailCheck.parse(messages.map { $0.rendered() })
        try #require(reports.count == cases.count)
        for (index, report) in reports.enumerated() {
            let expected = cases[index]
            #expect(report.errors.isEmpty, "message \(index): \(report.errors)")
            #expect(report.defects.isEmpty, "message \(index): \(report.defects)")
            #expect(report.subject == messages[index].subject)
            #expect(report.text.contains(expected.local), "message \(index) text: \(report.text)")
            #expect(!report.text.lowercased().contains("notes"))
            #expect(report.html.contains(expected.local))
            #expect(report.calendar.method == expected.method)
            #expect(report.calendar.uid == expected.uid)
            #expect(report.calendar.sequence == expected.sequence)
            #expect(report.calendar.dtstart == expected.start.timeIntervalSince1970)
            #expect(report.calendar.tzid == "Europe/London")
            #expect(report.calendar.status == (expected.method == "CANCEL" ? "CANCELLED" : "CONFIRMED"))
        }
    }
}

/// Python's `email` package with `policy.strict` (raises on defects it would otherwise tolerate)
/// and Debian's `python3-icalendar`, as parsers independent of ours.
private enum PythonMailCheck {
    static let interpreter = "/usr/bin/python3"

    /// Whether `/usr/bin/python3` can import `icalendar`; nothing is installed at test time.
    static let isAvailable: Bool = {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else { return false }
        return (try? run(["-c", "import email.policy, icalendar"]).status) == 0
    }()

    /// The parsers, for the test that needs them.
    static let requirement = Requirement(
        isMet: isAvailable,
        missing: "/usr/bin/python3 cannot import icalendar; install it with: apt-get install -y python3-icalendar")

    struct Report: Decodable {
        struct Calendar: Decodable {
            let method: String
            let uid: String
            let sequence: Int
            let status: String
            let dtstart: Double
            let tzid: String?
        }
        let errors: [String]
        let defects: [String]
        let subject: String
        let text: String
        let html: String
        let calendar: Calendar
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes each message to a fresh temporary folder and returns what Python read from each.
    static func parse(_ messages: [[UInt8]]) throws -> [Report] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "circles-meeting-mail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, bytes) in messages.enumerated() {
            let file = folder.appendingPathComponent("message-\(index).eml")
            try Data(bytes).write(to: file)
            paths.append(file.path)
        }
        let result = try run(["-c", script] + paths)
        guard result.status == 0 else {
            throw Failure(description: "python3 failed: \(result.stderr)")
        }
        return try JSONDecoder().decode([Report].self, from: result.stdout)
    }

    private static func run(_ arguments: [String]) throws -> (
        status: Int32, stdout: Data, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    private static let script = #"""
        import json, sys
        import email.policy
        from email.parser import BytesParser
        import icalendar

        reports = []
        for path in sys.argv[1:]:
            report = {"errors": [], "defects": [], "subject": "", "text": "", "html": "",
                      "calendar": {"method": "", "uid": "", "sequence": -1, "status": "", "dtstart": 0, "tzid": None}}
            try:
                with open(path, "rb") as f:
                    msg = BytesParser(policy=email.policy.strict).parse(f)
                report["subject"] = str(msg["subject"])
                calendars = []
                for part in msg.walk():
                    for defect in part.defects:
                        report["defects"].append(f"{part.get_content_type()}: {defect!r}")
                    for name, value in part.items():
                        for defect in getattr(value, "defects", ()):
                            report["defects"].append(f"{name}: {defect!r}")
                    kind = part.get_content_type()
                    if kind == "text/plain":
                        report["text"] = part.get_content()
                    elif kind == "text/html":
                        report["html"] = part.get_content()
                    elif kind in ("text/calendar", "application/ics"):
                        calendars.append(part.get_payload(decode=True))
                calendars = [c.replace(b"\r\n", b"\n") for c in calendars]
                if len(calendars) != 2 or calendars[0] != calendars[1]:
                    report["errors"].append(f"expected the same calendar inline and attached, got {len(calendars)}")
                cal = icalendar.Calendar.from_ical(calendars[0])
                events = cal.walk("VEVENT")
                if len(events) != 1 or not cal.walk("VTIMEZONE"):
                    report["errors"].append("expected one VEVENT and a VTIMEZONE")
                event = events[0]
                start = event["DTSTART"]
                report["calendar"] = {
                    "method": str(cal["METHOD"]), "uid": str(event["UID"]), "sequence": int(event["SEQUENCE"]),
                    "status": str(event["STATUS"]), "dtstart": start.dt.timestamp(), "tzid": start.params.get("TZID"),
                }
            except Exception as error:
                report["errors"].append(repr(error))
            reports.append(report)
        print(json.dumps(reports))
        """#
}
