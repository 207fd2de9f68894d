/// The frame every page shares: language, viewport, the one stylesheet, a title and a main region.
/// No script anywhere, no inline style (the Content-Security-Policy forbids both).
struct PageLayout: Sendable {
    /// Where the routes are mounted (`/circles`), for the stylesheet's address.
    let mountPath: String

    func page(title: String, _ body: HTML) -> HTML {
        """
        <!doctype html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <meta name="robots" content="noindex, nofollow">
        <title>\(title) – Circles</title>
        <link rel="stylesheet" href="\(mountPath)/static/circles.css">
        </head>
        <body>
        <header><p class="brand">Circles</p></header>
        <main id="main">
        \(body)
        </main>
        </body>
        </html>

        """
    }
}
