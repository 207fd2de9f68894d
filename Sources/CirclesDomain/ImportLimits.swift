/// How much one import may carry: it runs as one transaction, so an unbounded file would hold
/// locks and a connection for minutes (100,000 rows took 2 min 20 s). A workshop agrees tens of
/// actions; these bounds are far above that and keep one import to about a second.
public enum ImportLimits {
    /// The most action items (rows or array elements) in one import.
    public static let maxRows = 1_000
    /// The most bytes in one import file (8 MiB), refused before it is parsed.
    public static let maxBytes = 8 * 1024 * 1024

    /// Why a file of `count` bytes is refused.
    public static func tooManyBytes(_ count: Int, fileName: String) -> String {
        "\(fileName) has \(count.grouped) bytes; an import may have at most \(maxBytes.grouped) bytes (8 MiB); nothing was imported — split it into several files"
    }

    /// Why a file of `count` action items is refused.
    public static func tooManyRows(_ count: Int, fileName: String) -> String {
        "\(fileName) has \(count.grouped) action items; an import may have at most \(maxRows.grouped); nothing was imported — split it into several files"
    }
}

extension Int {
    /// `10,000`: digits grouped in threes, as limits are written in messages and the README.
    var grouped: String {
        let digits = String(self)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, digit != "-", (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return result
    }
}
