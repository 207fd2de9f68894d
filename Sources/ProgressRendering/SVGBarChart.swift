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

    func render(to output: inout ReportWriter) {
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
        func number(_ value: Double) { Self.write(value, to: &output) }
        output.write("<svg class=\"chart\" role=\"img\" width=\"")
        number(width)
        output.write("\" height=\"")
        number(height)
        output.write("\" viewBox=\"0 0 ")
        number(width)
        output.write(" ")
        number(height)
        output.write("\" aria-labelledby=\"")
        output.writeHTML(id)
        output.write("-title ")
        output.writeHTML(id)
        output.write("-desc\">\n<title id=\"")
        output.writeHTML(id)
        output.write("-title\">")
        output.writeHTML(title)
        output.write("</title>\n<desc id=\"")
        output.writeHTML(id)
        output.write("-desc\">")
        output.writeHTML(summary)
        output.write("</desc>\n")
        var tick = 0
        while tick <= ceiling {
            output.write("<line x1=\"")
            number(left)
            output.write("\" x2=\"")
            number(width - 8)
            output.write("\" y1=\"")
            number(y(tick))
            output.write("\" y2=\"")
            number(y(tick))
            output.write("\" class=\"grid\"/><text x=\"")
            number(left - 4)
            output.write("\" y=\"")
            number(y(tick) + 4)
            output.write("\" text-anchor=\"end\">")
            output.write(tick)
            output.write("</text>\n")
            tick += step
        }
        let labelEvery = max(1, Int((labelWidth / groupWidth).rounded(.up)))
        for (index, category) in categories.enumerated() {
            let x0 = left + Double(index) * groupWidth + 5
            for (number, line) in series.enumerated() where index < line.values.count {
                let value = line.values[index]
                let x = x0 + Double(number) * (barWidth + 2)
                output.write("<rect x=\"")
                Self.write(x, to: &output)
                output.write("\" y=\"")
                Self.write(y(value), to: &output)
                output.write("\" width=\"")
                Self.write(barWidth, to: &output)
                output.write("\" height=\"")
                Self.write(y(0) - y(value), to: &output)
                output.write("\" fill=\"")
                output.write(line.colour)
                output.write("\"><title>")
                output.writeHTML(category)
                output.write(": ")
                output.writeHTML(line.name)
                output.write(" ")
                output.write(value)
                output.write("</title></rect>")
            }
            if index % labelEvery == 0 {
                output.write("<text x=\"")
                number(x0 + groupWidth / 2 - 6)
                output.write("\" y=\"")
                number(y(0) + 14)
                output.write("\" text-anchor=\"middle\">")
                output.writeHTML(category)
                output.write("</text>")
            }
            output.write("\n")
        }
        var legendX = left
        for line in series {
            output.write("<rect x=\"")
            number(legendX)
            output.write("\" y=\"8\" width=\"10\" height=\"10\" fill=\"")
            output.write(line.colour)
            output.write("\"/><text x=\"")
            number(legendX + 14)
            output.write("\" y=\"17\">")
            output.writeHTML(line.name)
            output.write("</text>")
            legendX += 24 + Double(line.name.count) * 7
        }
        output.write("\n</svg>")
    }

    static func tickStep(for maximum: Int) -> Int {
        for step in [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000] where maximum / step <= 5 { return step }
        return max(1, maximum / 5)
    }

    /// A coordinate to one decimal, without a trailing `.0`: `12`, `12.5`.
    static func write(_ value: Double, to output: inout ReportWriter) {
        let tenths = (value * 10).rounded()
        guard abs(tenths) < 1e15 else {
            // Far beyond any chart; the general form.
            let rounded = tenths / 10
            return output.write(rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded))
        }
        // For |tenths| < 10^15 the shortest form of tenths ÷ 10 is its integer part, a point and one digit.
        let whole = Int(tenths)
        if whole % 10 == 0 {
            output.write(whole / 10)
        } else {
            if whole < 0 { output.write(byte: UInt8(ascii: "-")) }
            output.write(abs(whole) / 10)
            output.write(byte: UInt8(ascii: "."))
            output.write(byte: UInt8(ascii: "0") + UInt8(abs(whole) % 10))
        }
    }
}

/// Escaping for text and attribute values in the HTML report.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var output = ReportWriter()
        output.writeHTML(text)
        return output.text
    }
}
