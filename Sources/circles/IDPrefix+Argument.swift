import ArgumentParser
import CirclesDomain

/// An id on the command line: a whole UUID or its first 8 or more hex digits. Anything else is a
/// usage error (exit 64) before any service runs; the help says what is expected.
extension IDPrefix: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

/// The help line for an id argument, saying what is accepted.
func idHelp(_ what: String) -> ArgumentHelp {
    ArgumentHelp("\(what): \(IDPrefix<Never>.expectedForm).", valueName: "id")
}
