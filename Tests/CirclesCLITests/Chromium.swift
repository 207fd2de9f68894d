import Foundation
import Testing

/// Headless Chromium, for rendering the HTML report. `make test` installs Debian's `chromium`
/// (deploy/local/ensure-packages.sh); a missing browser fails the test rather than skipping it.
enum Chromium {
    static func executable() throws -> String {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init) + ["/usr/bin"]
        for name in ["chromium", "chromium-browser"] {
            for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        throw ChromiumMissing()
    }

    struct ChromiumMissing: Error, CustomStringConvertible {
        var description: String { "chromium is not installed: run deploy/local/ensure-packages.sh (Debian package chromium)" }
    }

    /// Renders `page` to `png`; gives up after a minute.
    static func screenshot(_ page: URL, to png: URL, profile: URL) async throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--window-size=1100,4000",
            "--enable-logging=stderr", "--log-level=0",
            "--user-data-dir=\(profile.path)", "--screenshot=\(png.path)", page.absoluteString,
        ]
        return try await Subprocess.finish(process, timeout: 60)
    }

    /// Lines of Chromium's log that are about the page — a failed load, a blocked or network
    /// request, a console error — rather than the headless machine (no D-Bus, no GPU).
    static func pageErrors(in log: String) -> [String] {
        let markers = ["net::ERR_", "Failed to load", "CONSOLE", "Uncaught", "Refused to", "Not allowed to load", "ERR_BLOCKED"]
        return log.split(separator: "\n").map(String.init).filter { line in markers.contains { line.contains($0) } }
    }
}
