import ArgumentParser
import CirclesDomain

/// `--on-closure skip|next-working-day|previous-working-day`: anything else is a usage error
/// that lists the accepted values.
extension OnClosure: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
