import ArgumentParser
import CirclesLogging
import Foundation
import Logging
import Postgres
import TextOutput

/// Parses the command line, runs the command and turns failures into messages and exit codes.
enum CommandLineRunner {
    static func run(_ root: CirclesCommand.Type) async {
        bootstrapLogging()
        // The batch expander is run by programs, often many times: building the whole command tree
        // first (every command's name and arguments, found by reflection) was a quarter of its start-up.
        if let input = RRuleCommand.ExpandCommand.batchInput(in: CommandLine.arguments) {
            let interruption = Interruption()
            do {
                try await interruption.run { try BatchExpansion.run(path: input) }
            } catch {
                fail(root, error, interruption: interruption)
            }
            return
        }
        let command: any ParsableCommand
        do {
            command = try root.parseAsRoot()
        } catch {
            root.exit(withError: error)
        }
        let interruption = Interruption()
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await interruption.run { try await asyncCommand.run() }
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch {
            fail(root, error, interruption: interruption)
        }
    }

    /// Turns a command's failure, or its interruption, into a message and an exit code.
    private static func fail(_ root: CirclesCommand.Type, _ error: any Error, interruption: Interruption) -> Never {
        if let signal = interruption.signal {
            // The failure is the interruption's doing (the cancelled statement, its rollback).
            Interruption.reportAndExit(signal)
        }
        if isArgumentParserError(error) { root.exit(withError: error) }
        // Messages quote what was typed or imported: show its control characters, keep the message's own lines.
        let message = TerminalText.escaped(UserMessage.describe(error), keepingLineFeeds: true)
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        root.exit(withError: ExitCode(1))
    }
}

/// Errors the argument parser knows how to report (help, usage, exit codes, validation).
private func isArgumentParserError(_ error: any Error) -> Bool {
    String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
}

/// One place that words errors for the person at the terminal.
enum UserMessage {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresError, error.code == .connectionFailed {
            let reason = error.message
            let advice =
                reason.contains("refused") || reason.contains("No such file") || reason.contains("timeout")
                ? "Is the server running? Set CIRCLES_DATABASE_URL or --database-url."
                : "Check CIRCLES_DATABASE_URL or --database-url."
            return "\(error). \(advice)"
        }
        return "\(error)"
    }
}

/// The CLI speaks to people: only warnings and errors are logged, to standard error, until a
/// command reads the settings (`log.level`, `log.format`; see CLISettings).
private func bootstrapLogging() {
    CirclesLogging.bootstrap(.init(level: .warning, format: .text))
}
