import ArgumentParser
import CirclesDomain
import Recurrence

// Days, times and lengths on the command line become values as they are parsed: a malformed one is
// a usage error (exit 64) whose help line shows the expected form, before any service runs.

/// A calendar day, `YYYY-MM-DD`.
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) {
        guard argument.count == 10 else { return nil }
        self.init(iso: argument)
    }
}

/// A local date and time, `YYYY-MM-DDTHH:MM`.
extension LocalDateTime: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

/// A meeting's length, `90m`, `1h30m` or `1.5h`.
extension MeetingLength: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}

/// A wall-clock time of day, `HH:MM`.
struct ClockTime: ExpressibleByArgument, CustomStringConvertible {
    let hour: Int
    let minute: Int

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let hour = Int(parts[0]), let minute = Int(parts[1]),
            (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        self.hour = hour
        self.minute = minute
    }

    var description: String { "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)" }
}
