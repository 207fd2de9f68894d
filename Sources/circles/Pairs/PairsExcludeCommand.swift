import ArgumentParser
import CirclesServices

/// `circles pairs exclude`: a person's own "please don't pair me with" list, and pairs an
/// administrator forbids. A list is visible only to its owner and administrators.
struct PairsExcludeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "Never be paired with someone (your own list), or, as an administrator, forbid a pair.",
        discussion: """
            Examples:
              circles pairs exclude ben@council.example --as ana@council.example           # add to your list
              circles pairs exclude ben@council.example --remove --as ana@council.example  # take off again
              circles pairs exclude --list --as ana@council.example                         # show your list
              circles pairs exclude ana@council.example --with ben@council.example --as admin@council.example  # forbid the pair
            """)
    @OptionGroup var service: ServiceOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The person not to be paired with (email).") var person: String?
    @Option(help: "Administrators: forbid PERSON and this person as a pair, in every scheme.") var with: String?
    @Option(help: "Administrators: whose list to read or change (default: your own).") var owner: String?
    @Flag(help: "Take the person off the list (or allow the forbidden pair again).") var remove = false
    @Flag(help: "Show the list instead of changing it.") var list = false

    func validate() throws {
        if list {
            guard person == nil, with == nil, !remove else { throw ValidationError("--list takes no person, --with or --remove") }
        } else if person == nil {
            throw ValidationError("name the person not to be paired with (an email), or pass --list")
        }
        if with != nil, owner != nil { throw ValidationError("--with forbids a pair for everyone; it takes no --owner") }
    }

    func run() async throws {
        if list {
            let entries = try await service.withServices { services, actor in try await services.pairingExclusions(of: owner, as: actor) }
            print(Listing(columns: ["id", "name", "email"], rows: entries.map { [$0.id, $0.name, $0.email] }).render(output.format), terminator: "")
            return
        }
        guard let person else { return }
        if let with {
            let changed = try await service.withServices { services, actor in
                try await services.forbidPair(person, with, remove: remove, as: actor)
            }
            say(remove
                ? (changed ? "\(person) and \(with) may be paired again" : "\(person) and \(with) were not a forbidden pair")
                : (changed ? "\(person) and \(with) will never be paired" : "\(person) and \(with) were already a forbidden pair"))
            return
        }
        let changed = try await service.withServices { services, actor in
            try await services.setPairingExclusion(of: owner, excluding: person, remove: remove, as: actor)
        }
        say(remove
            ? (changed ? "\(person) is off the list" : "\(person) was not on the list")
            : (changed ? "\(person) will not be paired with \(owner ?? "you")" : "\(person) was already on the list"))
    }
}
