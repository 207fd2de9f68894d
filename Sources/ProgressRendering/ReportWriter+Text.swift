import CirclesDomain

extension ReportWriter {
    /// A line of report text with values interpolated — `"\(held) held, \(cancelled) cancelled"` —
    /// each written as `write` would write it (text as `writeTerminal`), as bytes, without
    /// building a String first.
    struct Text: ExpressibleByStringInterpolation {
        typealias StringLiteralType = StaticString

        fileprivate var pieces: ReportWriter

        init(stringLiteral literal: StaticString) {
            pieces = ReportWriter()
            pieces.write(literal)
        }

        init(stringInterpolation: Interpolation) {
            pieces = stringInterpolation.pieces
        }

        struct Interpolation: StringInterpolationProtocol {
            fileprivate var pieces = ReportWriter()

            init(literalCapacity: Int, interpolationCount: Int) {}

            mutating func appendLiteral(_ literal: StaticString) { pieces.write(literal) }
            /// Values come from people (titles, names, reasons): control characters are shown escaped.
            mutating func appendInterpolation(_ text: String) { pieces.writeTerminal(text) }
            mutating func appendInterpolation(_ number: Int) { pieces.write(number) }
            mutating func appendInterpolation(_ day: CalendarDay) { pieces.write(day) }
        }
    }

    /// Writes text with interpolated values (see `Text`).
    mutating func write(text: Text) {
        write(contentsOf: text.pieces)
    }
}
