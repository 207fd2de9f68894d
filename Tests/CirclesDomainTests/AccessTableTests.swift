import CirclesDomain
import Testing

/// The read and write policy as one table: each row is a role, an action and whether it is allowed.
/// Sam is a member of North; Ada and Abe are administrators; Lee leads North, Lou leads South.
@Suite("the access table: role × action")
struct AccessTableTests {
    static let north = "team-north"
    static let south = "team-south"

    static func actor(_ id: String, admin: Bool = false, _ roles: [String: TeamRole] = [:]) -> Actor {
        Actor(personID: id, email: "\(id)@example.org", isAdministrator: admin, roles: roles)
    }

    static let ada = actor("ada", admin: true)
    static let leadNorth = actor("lee", [north: .lead])
    static let leadSouth = actor("lou", [south: .lead])
    static let leadBoth = actor("lia", [north: .lead, south: .lead])
    static let member = actor("mo", [north: .member])
    static let citizen = actor("cy", [north: .citizenRepresentative])
    static let outsider = actor("oz", [south: .member])
    static let sam = actor("sam", [north: .member])

    static func standing(
        _ id: String, admin: Bool = false, active: Bool = true, teams: [String: String] = [north: "North"], otherAdmins: Int = 1
    ) -> PersonStanding {
        PersonStanding(
            personID: id, email: "\(id)@example.org", isAdministrator: admin, isActive: active, teams: teams,
            otherActiveAdministrators: otherAdmins)
    }

    static let samStanding = standing("sam")
    static let samInBoth = standing("sam", teams: [north: "North", south: "South"])
    static let adminInNorth = standing("abe", admin: true)
    static let lastAdmin = standing("ada", admin: true, teams: [:], otherAdmins: 0)
    static let teamless = standing("tia", teams: [:])

    struct Row: CustomTestStringConvertible, Sendable {
        let who: String
        let actor: Actor
        let action: String
        let operation: AccessPolicy.Operation
        let allowed: Bool
        var testDescription: String { "\(who) \(allowed ? "may" : "may not") \(action)" }
    }

    static func rows(_ action: String, _ operation: AccessPolicy.Operation, _ cells: [(String, Actor, Bool)]) -> [Row] {
        cells.map { Row(who: $0.0, actor: $0.1, action: action, operation: operation, allowed: $0.2) }
    }

    static let reads: [Row] = [
        rows("see North's meetings, agendas, series, actions and members", .read(.team(teamID: north, teamName: "North", what: "meetings")), [
            ("an administrator", ada, true), ("North's lead", leadNorth, true), ("a North member", member, true),
            ("a North citizen representative", citizen, true), ("South's lead", leadSouth, false), ("a South member", outsider, false),
        ]),
        rows("read North's progress report", .read(.teamProgress(teamID: north, teamName: "North")), [
            ("an administrator", ada, true), ("North's lead", leadNorth, true), ("a North member", member, false),
            ("a North citizen representative", citizen, false), ("South's lead", leadSouth, false),
        ]),
        rows("list Sam's meetings", .read(.meetingsOf(personID: "sam", email: "sam@example.org", teamIDs: [north])), [
            ("an administrator", ada, true), ("Sam", sam, true), ("North's lead", leadNorth, true), ("a North member", member, false),
            ("a North citizen representative", citizen, false), ("South's lead", leadSouth, false),
        ]),
        rows("see that Sam exists, by name", .read(.name(personID: "sam", teamIDs: [north])), [
            ("an administrator", ada, true), ("Sam", sam, true), ("North's lead", leadNorth, true), ("a North member", member, true),
            ("a North citizen representative", citizen, true), ("South's lead", leadSouth, false), ("a South member", outsider, false),
        ]),
        rows("see Sam's address", .read(.contact(personID: "sam", teamIDs: [north])), [
            ("an administrator", ada, true), ("Sam", sam, true), ("North's lead", leadNorth, true), ("a North member", member, false),
            ("a North citizen representative", citizen, false), ("South's lead", leadSouth, false),
        ]),
        rows("read the audit trail", .administer(what: "read the audit trail"), [
            ("an administrator", ada, true), ("North's lead", leadNorth, false), ("a North member", member, false),
        ]),
    ].flatMap { $0 }

    static let writes: [Row] = [
        rows("change Sam's name, time zone or email preference", .changePerson(samStanding, .details), [
            ("an administrator", ada, true), ("Sam", sam, true), ("North's lead", leadNorth, true), ("a North member", member, false),
            ("South's lead", leadSouth, false),
        ]),
        rows("change Sam's address", .changePerson(samStanding, .email), [
            ("an administrator", ada, true), ("Sam", sam, false), ("North's lead", leadNorth, true), ("a North member", member, false),
        ]),
        rows("deactivate Sam", .changePerson(samStanding, .deactivate), [
            ("an administrator", ada, true), ("Sam", sam, false), ("North's lead", leadNorth, true), ("a North member", member, false),
            ("South's lead", leadSouth, false),
        ]),
        rows("reactivate Sam", .changePerson(standing("sam", active: false), .reactivate), [
            ("an administrator", ada, true), ("North's lead", leadNorth, false),
        ]),
        rows("erase Sam", .changePerson(samStanding, .erase), [("an administrator", ada, true), ("North's lead", leadNorth, false)]),
        rows("change the address of Sam, who is in North and South", .changePerson(samInBoth, .email), [
            ("an administrator", ada, true), ("North's lead", leadNorth, false), ("South's lead", leadSouth, false),
            ("the lead of both", leadBoth, true),
        ]),
        rows("change the address of an administrator in North", .changePerson(adminInNorth, .email), [
            ("another administrator", ada, true), ("North's lead", leadNorth, false),
        ]),
        rows("deactivate an administrator in North", .changePerson(adminInNorth, .deactivate), [
            ("another administrator", ada, true), ("North's lead", leadNorth, false),
        ]),
        rows("change the name of someone in no team", .changePerson(teamless, .details), [
            ("an administrator", ada, true), ("North's lead", leadNorth, false),
        ]),
        rows("deactivate the last active administrator", .changePerson(lastAdmin, .deactivate), [("that administrator", ada, false)]),
        rows("erase the last active administrator", .changePerson(lastAdmin, .erase), [("that administrator", ada, false)]),
        rows("remove the last active administrator's role", .changePerson(lastAdmin, .removeAdministrator), [("that administrator", ada, false)]),
        rows("change the last active administrator's name", .changePerson(lastAdmin, .details), [("that administrator", ada, true)]),
        rows("remove an administrator's role while another is active", .changePerson(adminInNorth, .removeAdministrator), [
            ("another administrator", ada, true), ("North's lead", leadNorth, false),
        ]),
    ].flatMap { $0 }

    @Test("reads", arguments: reads)
    func read(_ row: Row) {
        #expect(AccessPolicy.permits(row.actor, row.operation) == row.allowed)
    }

    @Test("changes to people", arguments: writes)
    func write(_ row: Row) {
        #expect(AccessPolicy.permits(row.actor, row.operation) == row.allowed)
    }

    @Test("refusals say who may do what")
    func messages() {
        func refusal(_ actor: Actor, _ operation: AccessPolicy.Operation) -> String? {
            do {
                try AccessPolicy.authorize(actor, operation)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(
            refusal(Self.leadNorth, .changePerson(Self.adminInNorth, .email))
                == "only an administrator may change the email address of an administrator; lee@example.org is not one")
        #expect(
            refusal(Self.leadNorth, .changePerson(Self.samInBoth, .deactivate))
                == "only an administrator or a lead of every team sam@example.org is in may deactivate sam@example.org; lee@example.org does not lead \"South\"")
        #expect(
            refusal(Self.ada, .changePerson(Self.lastAdmin, .deactivate))
                == "ada@example.org is the last active administrator and cannot be deactivated: make another person an administrator first (`circles admin add`)")
        #expect(refusal(Self.leadNorth, .changePerson(Self.samStanding, .reactivate)) == "only an administrator may reactivate people; lee@example.org is not one")
        #expect(
            refusal(Self.outsider, .read(.team(teamID: Self.north, teamName: "North", what: "meetings")))
                == "only an administrator or someone in team \"North\" may see its meetings; oz@example.org is not in that team")
        #expect(
            refusal(Self.member, .read(.meetingsOf(personID: "sam", email: "sam@example.org", teamIDs: [Self.north])))
                == "only an administrator, sam@example.org themselves or a lead of one of their teams may list sam@example.org's meetings; mo@example.org is none of these")
    }
}
