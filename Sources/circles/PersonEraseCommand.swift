import ArgumentParser
import CirclesServices
import Foundation

extension PersonCommand {
    /// `circles person erase EMAIL --yes`: the right to erasure.
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Erase a person's personal data for good (administrators).",
            discussion: """
                Replaces the person's email address and name with a pseudonym everywhere, the audit
                trail included, removes the meeting and workshop notes they wrote, replaces every
                mention of any name or address they have had (as a whole word, in any case) in what
                others wrote - titles, descriptions, locations, reasons, notes, queued mail - and
                cancels mail still queued for them. Their memberships, attendance and the things
                they own stay, under the pseudonym, so counts and statistics still add up, and
                `circles audit verify` still passes. Nicknames and initials are not found; see
                sql/README.md.

                This cannot be undone, so --yes is required.

                Example:
                  circles person erase sam.okafor@council.example --yes --as admin@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @Argument(help: "The person's email.") var person: String
        @Flag(help: "Confirm the erasure; nothing is changed without it.") var yes = false

        func validate() throws {
            guard yes else {
                throw ValidationError("""
                    erasing \(person) replaces their name and email with a pseudonym everywhere, the audit trail \
                    included, and removes the notes they wrote; it cannot be undone. Nothing was changed. \
                    Run again with --yes to erase.
                    """)
            }
        }

        func run() async throws {
            let erasure = try await service.withServices { services, actor in
                try await services.erasePerson(email: person, as: actor)
            }
            print("erased \(person): now \(erasure.pseudonymName) <\(erasure.pseudonymEmail)>, "
                + "\(erasure.auditRecordsRewritten) audit records pseudonymised")
        }
    }
}
