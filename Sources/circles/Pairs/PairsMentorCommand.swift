import ArgumentParser
import CirclesDomain
import CirclesServices

/// `circles pairs mentor add`.
struct PairsMentorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentor", abstract: "Mentors of a mentoring scheme.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a mentor with a capacity, or change it (administrators; leads of every team of the scheme).",
            discussion: """
                Example:
                  circles pairs mentor add "New starter mentoring" --person sw1@council.example --capacity 2 --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The scheme's name or id.") var scheme: String
        @Option(help: "The mentor's email.") var person: String
        @Option(help: "How many mentees they can take at once (0-20).") var capacity: Int

        func run() async throws {
            say(try await service.withServices { services, actor in
                try await services.addMentor(scheme: scheme, email: person, capacity: capacity, as: actor)
            })
        }
    }
}

/// `circles pairs mentoring end`.
struct PairsMentoringCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mentoring", abstract: "Mentoring pairs: they last until ended.", subcommands: [End.self])

    struct End: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "end",
            abstract: "End a mentoring pair, saying why (the mentor, the mentee, leads of the scheme's teams, administrators).",
            discussion: "Example:\n  circles pairs mentoring end 7b2e9f10 --reason \"Probation completed\" --as lead@council.example")
        @OptionGroup var service: ServiceOptions
        @Argument(help: idHelp("The mentoring pair's id (from `pairs scheme show`)")) var pair: IDPrefix<MentoringPair>
        @Option(help: "Why it ends.") var reason: String

        func run() async throws {
            let ended = try await service.withServices { services, actor in
                try await services.endMentoring(services.resolve(pair, as: actor).description, reason: reason, as: actor)
            }
            say("the mentoring pair of \(ended.mentorName) and \(ended.menteeName) has ended")
        }
    }
}
