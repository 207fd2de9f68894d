import ArgumentParser
import CirclesDomain
import CirclesServices
import TextOutput

extension ActionCommand {
    /// `circles action show`: an action item and the meeting series that serve it.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show an action item, its workshop and the meeting series that serve it.",
            discussion: """
                Example:
                  circles action show f2ff… --as lead@council.example
                """)
        @OptionGroup var service: ServiceOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: idHelp("The action item's id")) var action: IDPrefix<ActionItem>

        func run() async throws {
            let details = try await service.withServices { services, actor in try await services.showAction(services.resolve(action, as: actor).description, as: actor) }
            if output.format == .table {
                let item = details.item
                let shown = { (text: String) in TerminalText.escaped(text) }  // stored text may hold controls
                print("\(shown(item.title))\n  workshop: \(shown(details.workshop.title)) (\(details.workshop.heldOn))")
                print("  perspective: \(item.perspective.name)   status: \(item.status.name)   due: \(item.dueOn ?? "-")")
                if let card = item.sourceCardText { print("  card: \(shown(card))") }
                if let reason = item.dropReason { print("  dropped: \(shown(reason))") }
                print("  series:")
            }
            print(
                Listing(
                    columns: ["series_id", "title", "rule", "status", "version"],
                    rows: details.series.map { [$0.id, $0.title, $0.rule, $0.status.rawValue, String($0.version)] }
                ).render(output.format), terminator: "")
        }
    }
}
