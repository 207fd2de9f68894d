/// One component read from a calendar file (VCALENDAR, VEVENT, VTIMEZONE, STANDARD, …).
public struct ICalendarComponent: Sendable, Hashable {
    /// The component's name, uppercased.
    public var name: String
    /// Its properties in the order written.
    public var properties: [ICalendarProperty]
    /// The components nested in it, in the order written.
    public var components: [ICalendarComponent]
    /// The physical line of its BEGIN.
    public var line: Int

    /// Creates a component.
    public init(name: String, properties: [ICalendarProperty] = [], components: [ICalendarComponent] = [], line: Int = 0) {
        self.name = name
        self.properties = properties
        self.components = components
        self.line = line
    }

    /// The first property named `name` (case-insensitive).
    public func property(_ name: String) -> ICalendarProperty? {
        let wanted = name.uppercased()
        return properties.first { $0.name == wanted }
    }

    /// Every property named `name` (case-insensitive), in order.
    public func properties(_ name: String) -> [ICalendarProperty] {
        let wanted = name.uppercased()
        return properties.filter { $0.name == wanted }
    }

    /// The nested components named `name` (case-insensitive), in order.
    public func components(_ name: String) -> [ICalendarComponent] {
        let wanted = name.uppercased()
        return components.filter { $0.name == wanted }
    }
}
