/// Straightforward escaping and folding as the ICalendar module first wrote them, scalar by
/// scalar in Strings, kept only to check the fast paths against. Not used by any product code.
enum ReferenceContentLines {
    /// A line broken into pieces of at most 75 octets, continuations starting with a space.
    static func fold(_ line: String) -> String {
        var out = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > 75 {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            out.append(scalar)
            octets += width
        }
        return String(out)
    }

    static func text(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in raw.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            if scalar == "\n" && afterCR { continue }
            switch scalar {
            case "\\": out.append(contentsOf: #"\\"#.unicodeScalars)
            case ";": out.append(contentsOf: #"\;"#.unicodeScalars)
            case ",": out.append(contentsOf: #"\,"#.unicodeScalars)
            case _ where isLineBreak(scalar): out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\t": out.append(" ")
            case _ where isControl(scalar): continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    static func parameter(_ raw: String) -> String {
        var out = String.UnicodeScalarView()
        var needsQuotes = false
        for scalar in raw.unicodeScalars {
            switch scalar {
            case "\"": continue
            case ";", ":", ",":
                needsQuotes = true
                out.append(scalar)
            case "\t": out.append(" ")
            case _ where isLineBreak(scalar): out.append(" ")
            case _ where isControl(scalar): continue
            default: out.append(scalar)
            }
        }
        let value = String(out)
        return needsQuotes || value.isEmpty ? "\"\(value)\"" : value
    }

    static func uri(_ raw: String) -> String {
        String(
            String.UnicodeScalarView(
                raw.unicodeScalars.filter { !isControl($0) && !isLineBreak($0) && $0 != " " }))
    }

    static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        [0x0A, 0x0D, 0x85, 0x2028, 0x2029].contains(scalar.value)
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `20261208T140000` from local seconds since 1970, with Foundation-free civil arithmetic.
    static func local(_ localSeconds: Int64) -> String {
        let days = Int64((Double(localSeconds) / 86_400).rounded(.down))
        let secondOfDay = localSeconds - days * 86_400
        // H. Hinnant's civil_from_days, as in the module.
        let z = days + 719_468
        let era = Int64((Double(z) / 146_097).rounded(.down))
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2)
            + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2)
    }
}
