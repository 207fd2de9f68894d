extension ProgressHTMLRenderer {
    /// The page's stylesheet: screen and print.
    static let style = """

        body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1a1a1a; background: #fff; margin: 1.5rem; line-height: 1.4; }
        main { max-width: 64rem; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.35rem; border-bottom: 2px solid #1b6ca8; padding-bottom: .2rem; margin-top: 2rem; }
        h3 { font-size: 1.1rem; margin-top: 1.4rem; } h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
        .meta { color: #444; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .9rem; }
        caption { text-align: left; font-weight: bold; padding: .2rem 0; }
        th, td { border: 1px solid #b8c0c8; padding: .2rem .5rem; text-align: left; vertical-align: top; }
        thead th { background: #eef2f6; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; }
        figure { margin: .5rem 0; break-inside: avoid; }
        figcaption { font-size: .85rem; color: #444; }
        svg.chart { max-width: 100%; height: auto; font-size: 11px; font-family: inherit; }
        svg.chart text { fill: #1a1a1a; }
        svg.chart .grid { stroke: #d5dbe1; stroke-width: 1; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .2rem 0 .6rem; font-size: .9rem; }
        dt { font-weight: bold; } dd { margin: 0; }
        .flag { display: inline-block; padding: 0 .4rem; border-radius: .3rem; border: 1px solid #555; font-size: .85rem; font-weight: bold; }
        .flag.on_track { background: #dff0d8; } .flag.at_risk { background: #ffe8b3; } .flag.stalled { background: #f8d0d0; }
        .flag.done { background: #d6e6f5; } .flag.dropped { background: #e6e6e6; }
        @media print {
            body { margin: 0; font-size: 10pt; }
            h2 { break-before: page; } section.team:first-of-type h2 { break-before: auto; }
            table, figure, article.action { break-inside: avoid; }
            .flag { border-width: 2px; }
        }

        """
}
