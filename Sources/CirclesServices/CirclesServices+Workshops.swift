import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// The details of a workshop to record.
    public struct NewWorkshop: Sendable {
        public var team: String
        public var title: String
        public var heldOn: String
        public var facilitatorEmail: String?
        public var notes: String?

        public init(team: String, title: String, heldOn: String, facilitatorEmail: String? = nil, notes: String? = nil) {
            self.team = team
            self.title = title
            self.heldOn = heldOn
            self.facilitatorEmail = facilitatorEmail
            self.notes = notes
        }
    }

    /// Records a workshop. Administrators and the team's leads.
    public func recordWorkshop(_ new: NewWorkshop, as actorEmail: String) async throws -> Workshop {
        let title = try Self.validateTitle(new.title, field: "title")
        let notes = try TextRule.notes.check(optional: new.notes)
        let date = try Self.parseDate(new.heldOn, field: "date")
        return try await perform(as: actorEmail, action: "workshop.record") { connection, actor in
            let team = try Self.team(new.team, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "record workshops"))
            let facilitator = try new.facilitatorEmail.map { email in
                guard let person = try PeopleStore.find(email: email, on: connection) else { throw ServiceError.unknownPerson(email) }
                return person.id
            }
            return try WorkshopStore.insert(
                teamID: team.id, title: title, heldOn: date, facilitatorID: facilitator, notes: notes, on: connection)
        }
    }

    /// Workshops, newest first, for one team or all the reader may see (their own teams; every
    /// team for administrators).
    public func listWorkshops(team: String?, as actorEmail: String) async throws -> [Workshop] {
        try await read(as: actorEmail) { connection, actor in
            guard let team else {
                return try WorkshopStore.list(teamID: nil, on: connection).filter { workshop in
                    AccessPolicy.permits(actor, .read(.team(teamID: workshop.teamID, teamName: "", what: "workshops")))
                }
            }
            let found = try Self.team(team, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: found.id, teamName: found.name, what: "workshops")))
            return try WorkshopStore.list(teamID: found.id, on: connection)
        }
    }

    /// The details of an action item to add.
    public struct NewAction: Sendable {
        public var title: String
        public var description: String?
        public var perspective: String
        public var sourceCardText: String?
        public var ownerEmail: String?
        public var dueOn: String?

        public init(
            title: String, description: String? = nil, perspective: String, sourceCardText: String? = nil,
            ownerEmail: String? = nil, dueOn: String? = nil
        ) {
            self.title = title
            self.description = description
            self.perspective = perspective
            self.sourceCardText = sourceCardText
            self.ownerEmail = ownerEmail
            self.dueOn = dueOn
        }
    }

    /// Adds an action item to a workshop. Administrators and the team's leads.
    public func addAction(_ new: NewAction, workshop: String, as actorEmail: String) async throws -> ActionItem {
        try await addActions([new], workshop: workshop, as: actorEmail, action: "action.add")[0]
    }

    /// Adds several action items in one transaction: all of them or none.
    func addActions(_ items: [NewAction], workshop: String, as actorEmail: String, action: String) async throws -> [ActionItem] {
        try await perform(as: actorEmail, action: action) { connection, actor in
            let found = try Self.workshop(workshop, on: connection)
            let team = try Self.team(found.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "add action items"))
            return try items.map { item in
                let valid = try Self.validate(item, on: connection)
                return try WorkshopStore.insertAction(
                    workshopID: found.id, title: valid.title, description: valid.description, perspective: valid.perspective,
                    sourceCardText: valid.sourceCardText, ownerID: valid.ownerID, dueOn: valid.due, on: connection)
            }
        }
    }

    /// Moves an action item to a new status (a reason is required for dropping).
    public func moveAction(_ actionID: String, to status: String, reason: String?, as actorEmail: String) async throws -> ActionItem {
        let target = try ActionStatus(parsing: status)
        let reason = try TextRule.reason.check(optional: reason)
        return try await perform(as: actorEmail, action: "action.status") { connection, actor in
            guard let item = try WorkshopStore.findAction(id: actionID, on: connection) else {
                throw ServiceError(.notFound, "no action item with id \(actionID); `circles action list --workshop …` shows them")
            }
            let workshop = try Self.workshop(item.workshopID, on: connection)
            let team = try Self.team(workshop.teamID, on: connection)
            try AccessPolicy.authorize(actor, .manageTeam(teamID: team.id, teamName: team.name, what: "change action items"))
            try item.status.validateMove(to: target, reason: reason)
            try WorkshopStore.setStatus(actionID: item.id, status: target, dropReason: target == .dropped ? reason : nil, on: connection)
            var moved = item
            moved.status = target
            moved.dropReason = target == .dropped ? reason : nil
            return moved
        }
    }

    /// A workshop's action items.
    public func listActions(workshop: String, as actorEmail: String) async throws -> [ActionItem] {
        try await read(as: actorEmail) { connection, actor in
            let found = try Self.workshop(workshop, on: connection)
            let team = try Self.team(found.teamID, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "action items")))
            return try WorkshopStore.actions(workshopID: found.id, on: connection)
        }
    }

    static func workshop(_ titleOrID: String, on connection: isolated PostgresConnection) throws -> Workshop {
        let matches = try WorkshopStore.find(titleOrID, on: connection)
        guard let first = matches.first else {
            throw ServiceError(.notFound, "no workshop \"\(titleOrID)\"; `circles workshop list` shows them")
        }
        guard matches.count == 1 else {
            throw ServiceError(
                .invalid,
                "\(matches.count) workshops are titled \"\(titleOrID)\"; name one by id: \(matches.map(\.id).joined(separator: ", "))")
        }
        return first
    }

    struct ValidAction {
        let title: String
        let description: String?
        let sourceCardText: String?
        let perspective: Perspective
        let ownerID: String?
        let due: PostgresDate?
    }

    static func validate(_ item: NewAction, on connection: isolated PostgresConnection) throws -> ValidAction {
        let title = try validateTitle(item.title, field: "title")
        let description = try TextRule.description.check(optional: item.description)
        let card = try TextRule.sourceCardText.check(optional: item.sourceCardText)
        let perspective = try Perspective(parsing: item.perspective)
        let due = try item.dueOn.map { try parseDate($0, field: "due date") }
        let owner = try item.ownerEmail.map { email in
            let address = try EmailAddress(email).value
            guard let person = try PeopleStore.find(email: address, on: connection) else {
                throw ServiceError(.notFound, "unknown owner \(address): no person with that email")
            }
            return person.id
        }
        return ValidAction(title: title, description: description, sourceCardText: card, perspective: perspective, ownerID: owner, due: due)
    }

    static func validateTitle(_ text: String, field: String) throws -> String {
        let title = try TextRule.title.check(text)
        guard !title.isEmpty else { throw DomainError(field: field, "a \(field) is required") }
        return title
    }

    static func parseDate(_ text: String, field: String) throws -> PostgresDate {
        guard let date = PostgresDate(text.trimmingCharacters(in: .whitespaces)) else {
            throw DomainError(field: field, "invalid \(field) \"\(text)\"; expected a calendar date as YYYY-MM-DD, e.g. 2026-12-08")
        }
        return date
    }
}

extension CirclesServices {
    /// An action item with the meeting series that serve it.
    public struct ActionDetails: Sendable {
        public let item: ActionItem
        public let workshop: Workshop
        public let series: [MeetingSeries]
    }

    /// An action item, its workshop and its series.
    public func showAction(_ actionID: String, as actorEmail: String) async throws -> ActionDetails {
        try await read(as: actorEmail) { connection, actor in
            guard let item = try WorkshopStore.findAction(id: actionID, on: connection) else {
                throw ServiceError(.notFound, "no action item with id \(actionID); `circles action list --workshop …` shows them")
            }
            let workshop = try Self.workshop(item.workshopID, on: connection)
            let team = try Self.team(workshop.teamID, on: connection)
            try AccessPolicy.authorize(actor, .read(.team(teamID: team.id, teamName: team.name, what: "action items")))
            return ActionDetails(item: item, workshop: workshop, series: try SeriesStore.forAction(item.id, on: connection))
        }
    }
}
