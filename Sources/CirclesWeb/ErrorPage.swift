import Hummingbird

/// Pages for requests that cannot be served. They say what a person can do and nothing about
/// why a link failed (expired, altered, unknown: all look the same from outside).
struct ErrorPage: Sendable {
    let layout: PageLayout

    func render(_ status: HTTPResponse.Status) -> HTML {
        switch status {
        case .notFound:
            layout.page(title: "Link not working", """
                <h1>This link does not work</h1>
                <p>It may have expired, or been copied only in part. Links in emails from Circles work until the meeting ends.</p>
                <p>If you need to tell the organisers something, reply to them directly.</p>
                """)
        case .tooManyRequests:
            layout.page(title: "Please wait", """
                <h1>Please wait a minute</h1>
                <p>There have been too many requests from here. Please try again in a minute.</p>
                """)
        case .contentTooLarge:
            layout.page(title: "Too much text", """
                <h1>That was too much text</h1>
                <p>Please go back and shorten your note (up to 500 characters).</p>
                """)
        case .forbidden:
            layout.page(title: "Please try again", """
                <h1>Please try again</h1>
                <p>Your answer could not be accepted from this page. Open the link from your email again and press the button there.</p>
                """)
        case .internalServerError, .serviceUnavailable:
            layout.page(title: "Something went wrong", """
                <h1>Something went wrong</h1>
                <p>Your answer may not have been saved. Please try again in a few minutes.</p>
                """)
        default:
            layout.page(title: "Request not understood", """
                <h1>That request was not understood</h1>
                <p>Open the link from your email again.</p>
                """)
        }
    }
}
