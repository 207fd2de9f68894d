import Foundation
import PostgresTestSupport
import Testing

/// The pair page in headless Chromium: opened from the introduction, the button records, and
/// axe-core finds no WCAG 2.2 A/AA violation before or after.
@Suite("circles-web pair page in headless Chromium, with axe-core")
struct WebPairBrowserTests {
    @Test("a \"we couldn't\" link from an introduction opens, its button records that the pair could not meet, and neither page has an accessibility violation")
    func pressTheButton() async throws {
        try WebBrowserTests.axeRequirement.check()
        let setup = try await WebPairSetup.make(prefix: "webpairchrome")
        let web = try await WebProcess(environment: setup.web.environment())
        let link = web.local(try WebPairSetup.link("missed", in: try setup.web.message(to: "sw2@example.org", "Your peer pair")))
        let browser = try DevToolsBrowser()

        try browser.navigate(link)
        #expect(try WebBrowserTests.violations(in: browser) == [], "the pair page")
        // The suggested answer comes first and stands out.
        #expect(try browser.evaluate("document.querySelector('button.primary').value") as? String == "missed")
        browser.discardEvents()
        _ = try browser.evaluate("document.querySelector('button[value=missed]').click(); 0")
        try browser.event("Page.loadEventFired")
        let text = try browser.evaluate("document.body.innerText") as? String ?? ""
        #expect(text.contains("Thank you, saved: you could not meet."), "\(text)")
        #expect(try WebBrowserTests.violations(in: browser) == [], "the pair page after saving")
        #expect(try await setup.web.rows("""
            SELECT g.met FROM pairing_groups g JOIN pairing_group_members m ON m.group_id = g.id
              JOIN people p ON p.id = m.person_id WHERE p.email = 'sw2@example.org'
            """) == ["(f)"])
        let shots = WebBrowserTests.root.appendingPathComponent(".build/circles-web")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        try browser.screenshot().write(to: shots.appendingPathComponent("pair-page.png"))
        try await setup.web.tearDown()
    }
}
