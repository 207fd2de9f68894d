import Foundation
import Mail

/// The frame every HTML mail body shares: a self-contained page (no styles, scripts or images)
/// opening with the heading and closing with why the mail came and how to stop it. Every value
/// is made single-line and escaped.
enum MailHTMLPage {
    static func escaped(_ text: String) -> String { HTMLEscaping.escape(MailText.singleLine(text)) }

    /// From the doctype to the `<h1>`.
    static func opening(heading: String) -> [String] {
        [
            "<!DOCTYPE html>",
            "<html lang=\"en-GB\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(escaped(heading))</title>",
            "</head>",
            "<body>",
            "<h1>\(escaped(heading))</h1>",
        ]
    }

    /// The footer with the unsubscribe link, to `</html>`.
    static func closing(reason: String, stopText: String, unsubscribeURL: URL) -> [String] {
        let link = escaped(unsubscribeURL.absoluteString)
        return [
            "<hr>",
            "<p><small>\(escaped(reason)) \(escaped(stopText)) <a href=\"\(link)\">\(link)</a></small></p>",
            "</body>",
            "</html>",
        ]
    }
}
