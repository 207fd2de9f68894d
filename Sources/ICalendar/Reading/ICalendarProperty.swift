/// One content line of a component: `NAME;PARAM=value:value`, unfolded.
public struct ICalendarProperty: Sendable, Hashable {
    /// The property's name, uppercased.
    public var name: String
    /// Its parameters in the order written.
    public var parameters: [ICalendarParameter]
    /// The value exactly as written after the first unquoted colon (unfolded, not unescaped).
    public var value: String
    /// The physical line where the property starts.
    public var line: Int

    /// Creates a property.
    public init(name: String, parameters: [ICalendarParameter] = [], value: String, line: Int = 0) {
        self.name = name
        self.parameters = parameters
        self.value = value
        self.line = line
    }

    /// The first value of the parameter named `name` (case-insensitive), if present.
    public func parameter(_ name: String) -> String? {
        let wanted = name.uppercased()
        return parameters.first { $0.name == wanted }?.values.first
    }

    /// The value read as TEXT (RFC 5545 §3.3.11): `\n`, `\,`, `\;` and `\\` unescaped.
    public var text: String {
        guard value.contains("\\") else { return value }
        var out = ""
        out.reserveCapacity(value.count)
        var escaping = false
        for character in value {
            if escaping {
                out.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }

    /// The value read as one DATE or DATE-TIME, as VALUE and TZID say.
    public func dateTime() throws(ICalendarReadError) -> ICalendarDateTime {
        try ICalendarDateTime(parsing: value, asDate: parameter("VALUE")?.uppercased() == "DATE", tzid: parameter("TZID"), line: line)
    }

    /// The value read as a comma-separated list of DATEs or DATE-TIMEs (EXDATE, RDATE).
    public func dateTimes() throws(ICalendarReadError) -> [ICalendarDateTime] {
        let asDate = parameter("VALUE")?.uppercased() == "DATE"
        let tzid = parameter("TZID")
        var result: [ICalendarDateTime] = []
        for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
            result.append(try ICalendarDateTime(parsing: String(piece), asDate: asDate, tzid: tzid, line: line))
        }
        return result
    }
}

/// A property parameter: `NAME=value` or `NAME=v1,v2`, values unquoted and RFC 6868-decoded.
public struct ICalendarParameter: Sendable, Hashable {
    /// The parameter's name, uppercased.
    public var name: String
    /// Its values, without quotes.
    public var values: [String]

    /// Creates a parameter.
    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }
}
