import Foundation
import PostgresTestSupport
import TestRequirements
import Testing

/// circles-web in a real browser: headless Chromium (Debian's) driven over the DevTools protocol
/// opens a link from a mail, presses the button, and the answer is in the database; axe-core
/// (fetched by ensure-packages.sh into .local/axe/) finds no WCAG 2.2 A/AA violation on any page.
@Suite("circles-web in headless Chromium, with axe-core")
struct WebBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let axe = root.appendingPathComponent(".local/axe/axe.min.js")
    static let axeRequirement = Requirement(
        isMet: FileManager.default.fileExists(atPath: axe.path),
        missing: "axe-core is missing: run deploy/local/ensure-packages.sh (it fetches it into .local/axe/ with pip)")

    /// axe-core's WCAG 2.0–2.2 A and AA rules over the page; one line per violation and element.
    static func violations(in browser: DevToolsBrowser) throws -> [String] {
        _ = try browser.evaluate(try String(contentsOf: axe, encoding: .utf8) + ";0")
        let found = try browser.evaluate("""
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
              .then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
            """)
        return try JSONDecoder().decode([String].self, from: Data(((found as? String) ?? "[\"no result\"]").utf8))
    }

    @Test("a link from a captured mail opens, the button records the answer, and no page has an accessibility violation")
    func pressTheButton() async throws {
        try Self.axeRequirement.check()
        let setup = try await WebTestSetup.make(prefix: "webchrome")
        let web = try await WebProcess(environment: setup.environment())
        let message = try setup.message(to: "sw2@example.org", "Invitation")
        let link = web.local(try WebTestSetup.link("accepted", in: message))
        let browser = try DevToolsBrowser()

        try browser.navigate(link)
        #expect(try Self.violations(in: browser) == [], "the response page")
        browser.discardEvents()
        _ = try browser.evaluate("document.querySelector('button[value=accepted]').click(); 0")
        try browser.event("Page.loadEventFired")
        let text = try browser.evaluate("document.body.innerText") as? String ?? ""
        #expect(text.contains("Thank you, your answer is saved: you’ll be there."), "\(text)")
        #expect(try await setup.rows("""
            SELECT r.answer, r.source FROM meeting_responses r JOIN people p ON p.id = r.person_id WHERE p.email = 'sw2@example.org'
            """) == ["(accepted,link)"])
        let shots = Self.root.appendingPathComponent(".build/circles-web")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let png = try browser.screenshot()
        try png.write(to: shots.appendingPathComponent("response-page.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        #expect(try Self.violations(in: browser) == [], "the page after answering")

        // Keyboard focus is visible: the first button, focused, has an outline.
        let outline = try browser.evaluate("""
            (() => { const b = document.querySelector('button'); b.focus(); return getComputedStyle(b).outlineStyle; })()
            """) as? String
        #expect(outline == "solid")

        let unsubscribe = web.local(try WebTestSetup.unsubscribeLink(in: try setup.message(to: "sw2@example.org", "Reminder")))
        try browser.navigate(unsubscribe)
        #expect(try Self.violations(in: browser) == [], "the unsubscribe page")
        browser.discardEvents()
        _ = try browser.evaluate("document.querySelector('form button').click(); 0")
        try browser.event("Page.loadEventFired")
        #expect((try browser.evaluate("document.body.innerText") as? String ?? "").contains("no longer receive reminder emails"))
        #expect(try Self.violations(in: browser) == [], "the unsubscribed page")
        try browser.screenshot().write(to: shots.appendingPathComponent("unsubscribed-page.png"))

        try browser.navigate("\(web.origin)/circles/r/\(String(repeating: "A", count: 74))")
        #expect(try Self.violations(in: browser) == [], "the 404 page")
        try await setup.execute("UPDATE occurrences SET starts_at = now() - interval '1 minute'")
        try browser.navigate(link)
        #expect((try browser.evaluate("document.body.innerText") as? String ?? "").contains("already started"))
        #expect(try Self.violations(in: browser) == [], "the page once the meeting has started")
        try await setup.tearDown()
    }
}
