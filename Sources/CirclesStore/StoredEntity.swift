import CirclesDomain

/// An entity kept in a table whose primary key `id` is its `ID`: what an id prefix is looked up in.
public protocol StoredEntity: SendableMetatype {
    /// The table.
    static var table: StaticString { get }
    /// What a person calls one, for messages ("meeting", "series").
    static var noun: String { get }
}

extension Meeting: StoredEntity {
    public static var table: StaticString { "occurrences" }
    public static var noun: String { "meeting" }
}

extension MeetingSeries: StoredEntity {
    public static var table: StaticString { "series" }
    public static var noun: String { "series" }
}

extension FollowUp: StoredEntity {
    public static var table: StaticString { "follow_ups" }
    public static var noun: String { "follow-up" }
}

extension ActionItem: StoredEntity {
    public static var table: StaticString { "action_items" }
    public static var noun: String { "action item" }
}

extension Workshop: StoredEntity {
    public static var table: StaticString { "workshops" }
    public static var noun: String { "workshop" }
}

extension ClosureCalendar: StoredEntity {
    public static var table: StaticString { "closure_calendars" }
    public static var noun: String { "closure calendar" }
}

extension Closure: StoredEntity {
    public static var table: StaticString { "closures" }
    public static var noun: String { "closure" }
}
