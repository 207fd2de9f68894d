/// The one stylesheet (served from `/static/circles.css`, so the policy needs no inline style).
/// Readable on a phone; colours meet WCAG 2.2 AA contrast (body text 16:1, buttons 7:1); focus is
/// always visible; buttons are at least 44 px tall (target size).
enum Stylesheet {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
               font-size: 1.125rem; line-height: 1.5; color: #1b1b1b; background: #ffffff; }
        header { background: #1d3557; color: #ffffff; padding: 0.5rem 1rem; }
        .brand { margin: 0; font-weight: 700; }
        main { max-width: 36rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
        p { margin: 0 0 1rem; }
        .when { font-weight: 600; }
        .status { border-left: 0.3rem solid #1d3557; padding: 0.5rem 0.75rem; background: #eef2f7; }
        .notice { border-left: 0.3rem solid #8a4b00; padding: 0.5rem 0.75rem; background: #fff4e5; }
        label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
        .hint { display: block; font-weight: 400; color: #3d3d3d; }
        input[type=text] { width: 100%; font: inherit; padding: 0.5rem; border: 2px solid #1b1b1b; border-radius: 0.25rem; }
        .buttons { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
        button { font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.5rem 1rem; border-radius: 0.25rem;
                 border: 2px solid #1d3557; background: #ffffff; color: #1d3557; cursor: pointer; }
        button.primary { background: #1d3557; color: #ffffff; }
        button:hover { text-decoration: underline; }
        :focus-visible { outline: 3px solid #b35c00; outline-offset: 3px; }
        input[type=text]:focus-visible { outline: 3px solid #b35c00; outline-offset: 1px; }
        .small { font-size: 1rem; color: #3d3d3d; }
        """
}
