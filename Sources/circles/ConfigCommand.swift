import ArgumentParser
import CirclesConfiguration
import Foundation

/// `circles config …`: check a configuration and show what is in force.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check the configuration and print the settings in force.",
        subcommands: [Check.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a configuration file with the environment and print the effective settings.",
            discussion: """
                Reads flags, then CIRCLES_… environment variables, then the file (--config PATH, else
                $CIRCLES_CONFIG, else /etc/circles/circles.yaml if it exists), then the built-in defaults,
                and prints every key with its value and where it came from. Passwords are shown as ***.
                Exits with 1 and lists every problem when a key is unknown or a value is bad.
                config/circles.example.yaml documents every key.

                Examples:
                  circles config check --config /etc/circles/circles.yaml
                  circles config check --format json --set worker.batchSize=100
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        @Option(help: ArgumentHelp("The YAML configuration file to check.", valueName: "path"))
        var config: String?

        @Option(
            name: .customLong("set"),
            help: ArgumentHelp("Override one key as a flag would, e.g. worker.batchSize=100 (repeatable).", valueName: "key=value"))
        var assignments: [String] = []

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() async throws {
            var sources = SettingsSources(environment: [:])
            try sources.addAssignments(assignments)
            let loaded = try await CLISettings.load(flags: sources.flags, configPath: config)
            print(format == .json ? loaded.jsonReport() : loaded.textReport(), terminator: "")
        }
    }
}
