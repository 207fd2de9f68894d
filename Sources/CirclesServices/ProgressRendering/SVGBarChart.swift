/// A grouped bar chart drawn as inline SVG: no script, no fonts or images to fetch, readable
/// in print. Each bar group is one category (a month, a meeting); each series has its colour
/// and a legend entry, and the chart carries a title and description for screen readers.
struct SVGBarChart {
    struct Series {
        let name: String
        let colour: String
        let values: [Int]
    }

    /// Unique in the page: the title and description hang off it.
    let id: String
    let title: String
    let summary: String
    let categories: [String]
    let series: [Series]

    func render() -> String {
        let barWidth = 14.0
        let labelWidth = Double(categories.map(\.count).max() ?? 0) * 6.6 + 8
        let groupWidth = max(Double(max(series.count, 1)) * (barWidth + 2) + 12, min(labelWidth, 64))
        let left = 36.0
        let top = 30.0
        let plotHeight = 170.0
        let width = max(360, left + Double(categories.count) * groupWidth + 16)
        let height = top + plotHeight + 46
        let maximum = max(1, series.flatMap(\.values).max() ?? 1)
        let step = Self.tickStep(for: maximum)
        let ceiling = ((maximum + step - 1) / step) * step
        func y(_ value: Int) -> Double { top + plotHeight - plotHeight * Double(value) / Double(ceiling) }
        var svg = """
            <svg class="chart" role="img" width="\(Self.number(width))" \
            height="\(Self.number(height))" viewBox="0 0 \(Self.number(width)) \(Self.number(height))" \
            aria-labelledby="\(HTMLText.attribute(id))-title \(HTMLText.attribute(id))-desc">
            <title id="\(HTMLText.attribute(id))-title">\(HTMLText.escape(title))</title>
            <desc id="\(HTMLText.attribute(id))-desc">\(HTMLText.escape(summary))</desc>

            """
        var tick = 0
        while tick <= ceiling {
            svg += "<line x1=\"\(Self.number(left))\" x2=\"\(Self.number(width - 8))\" y1=\"\(Self.number(y(tick)))\" y2=\"\(Self.number(y(tick)))\" class=\"grid\"/>"
            svg += "<text x=\"\(Self.number(left - 4))\" y=\"\(Self.number(y(tick) + 4))\" text-anchor=\"end\">\(tick)</text>\n"
            tick += step
        }
        let labelEvery = max(1, Int((labelWidth / groupWidth).rounded(.up)))
        for (index, category) in categories.enumerated() {
            let x0 = left + Double(index) * groupWidth + 5
            for (number, line) in series.enumerated() where index < line.values.count {
                let value = line.values[index]
                let x = x0 + Double(number) * (barWidth + 2)
                svg += "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y(value)))\" width=\"\(Self.number(barWidth))\" height=\"\(Self.number(y(0) - y(value)))\" "
                svg += "fill=\"\(line.colour)\"><title>\(HTMLText.escape("\(category): \(line.name) \(value)"))</title></rect>"
            }
            if index % labelEvery == 0 {
                svg += "<text x=\"\(Self.number(x0 + groupWidth / 2 - 6))\" y=\"\(Self.number(y(0) + 14))\" text-anchor=\"middle\">\(HTMLText.escape(category))</text>"
            }
            svg += "\n"
        }
        var legendX = left
        for line in series {
            svg += "<rect x=\"\(Self.number(legendX))\" y=\"8\" width=\"10\" height=\"10\" fill=\"\(line.colour)\"/>"
            svg += "<text x=\"\(Self.number(legendX + 14))\" y=\"17\">\(HTMLText.escape(line.name))</text>"
            legendX += 24 + Double(line.name.count) * 7
        }
        return svg + "\n</svg>"
    }

    static func tickStep(for maximum: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] where maximum / step <= 5 { return step }
        return max(1, maximum / 5)
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// Escaping for text and attribute values in the HTML report.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    static func attribute(_ text: String) -> String { escape(text) }
}
