import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// What an import added, and to which workshop.
    public struct ImportedActions: Sendable {
        /// The workshop the items were added to.
        public let workshop: Workshop
        /// The items added, in file order.
        public let items: [ActionItem]
    }

    /// Imports a workshop's action items from CSV or JSON: all of them, or none and an `ImportError`
    /// listing every bad row with its line. Administrators and the team's leads.
    ///
    /// CSV needs a header row; JSON is an array of objects. Both use the columns (keys) `title` and
    /// `perspective` (required), `description`, `source_card_text`, `owner_email` and `due_date`
    /// (`YYYY-MM-DD`); owners are people already in Circles, named by email. `fileName` is only
    /// used in messages.
    public func importActions(
        from data: Data, format: ImportFormat, fileName: String, workshop: String, as actorEmail: String
    ) async throws -> ImportedActions {
        let rows = try ActionImportParser.parse(data, format: format, fileName: fileName)
        return try await perform(as: actorEmail, action: "action.import") { connection, actor in
            let found = try Self.workshop(workshop, on: connection)
            let team = try Self.team(found.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "import action items"))
            let emails = rows.compactMap { $0.values[.ownerEmail] }.compactMap { try? EmailAddress($0).value }
            let owners = try PeopleStore.find(emails: emails, on: connection)
            var problems: [ImportError.Problem] = []
            var badRows = 0
            var valid: [(row: ImportRow, action: ValidAction)] = []
            for row in rows {
                switch Self.validate(row, owners: owners) {
                case .success(let action):
                    valid.append((row, action))
                case .failure(let bad):
                    badRows += 1
                    problems += bad.messages.map(row.problem)
                }
            }
            guard problems.isEmpty else { throw ImportError.invalidRows(problems, rows: badRows, fileName: fileName) }
            let items = try valid.map { _, action in
                try WorkshopStore.insertAction(
                    workshopID: found.id, title: action.title, description: action.description,
                    perspective: action.perspective, sourceCardText: action.sourceCardText, ownerID: action.ownerID,
                    dueOn: action.due, on: connection)
            }
            return ImportedActions(workshop: found, items: items)
        }
    }

    /// Every problem with one row, or the validated item; the same rules as `addAction`, but
    /// every field is checked so that one import attempt shows all there is to fix.
    static func validate(_ row: ImportRow, owners: [String: Person]) -> Result<ValidAction, RowProblems> {
        guard row.hasFields else { return .failure(RowProblems(messages: row.problems)) }
        var messages = row.problems
        func check<Value>(_ column: ImportColumn, _ body: () throws -> Value) -> Value? {
            // A value already reported as unreadable is not checked again.
            guard !row.unreadable.contains(column) else { return nil }
            do {
                return try body()
            } catch {
                messages.append("\(error)")
                return nil
            }
        }
        let title = check(.title) { try validateTitle(row.values[.title] ?? "", field: "title") }
        let description = check(.description) { try TextRule.description.check(optional: row.values[.description]) }
        let card = check(.sourceCardText) { try TextRule.sourceCardText.check(optional: row.values[.sourceCardText]) }
        let perspective = check(.perspective) { () throws -> Perspective in
            guard let text = row.values[.perspective] else {
                let accepted = Perspective.allCases.map(\.name).joined(separator: ", ")
                throw DomainError(field: "perspective", "a perspective is required; expected one of \(accepted)")
            }
            return try Perspective(parsing: text)
        }
        let due = check(.dueDate) { try row.values[.dueDate].map { try parseDate($0, field: "due date") } }
        let owner = check(.ownerEmail) { () throws -> String? in
            guard let text = row.values[.ownerEmail] else { return nil }
            let address = try EmailAddress(text).value
            guard let person = owners[address.lowercased()] else {
                throw ServiceError(.notFound, "unknown owner \(address): no person with that email")
            }
            return person.id
        }
        guard messages.isEmpty, let title, let description, let card, let perspective, let due, let owner else {
            return .failure(RowProblems(messages: messages))
        }
        return .success(
            ValidAction(title: title, description: description, sourceCardText: card, perspective: perspective, ownerID: owner, due: due))
    }

    /// The messages for one bad row.
    struct RowProblems: Error {
        let messages: [String]
    }
}
