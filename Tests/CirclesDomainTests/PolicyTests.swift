import CirclesDomain
import Testing

@Suite("who may do what")
struct PolicyTests {
    let north = "team-north"
    let south = "team-south"

    func actor(_ id: String, admin: Bool = false, roles: [String: TeamRole] = [:]) -> Actor {
        Actor(personID: id, email: "\(id)@example.org", isAdministrator: admin, roles: roles)
    }

    @Test("an administrator may do anything")
    func administrators() throws {
        let admin = actor("ada", admin: true)
        try AccessPolicy.authorize(admin, .administer(what: "erase a person"))
        try AccessPolicy.authorize(admin, .manageTeam(teamID: north, teamName: "North", what: "schedule meetings"))
    }

    @Test("a team lead manages their own team and is refused another, with who may")
    func leadsStayInTheirTeam() throws {
        let lead = actor("lee", roles: [north: .lead, south: .member])
        try AccessPolicy.authorize(lead, .manageTeam(teamID: north, teamName: "North", what: "schedule meetings"))
        try AccessPolicy.authorize(lead, .addPeople)
        let error = #expect(throws: AccessDenied.self) {
            try AccessPolicy.authorize(lead, .manageTeam(teamID: south, teamName: "South", what: "schedule meetings"))
        }
        #expect(error?.description == "only an administrator or a lead of team \"South\" may schedule meetings; lee@example.org is a member there")
        #expect(throws: AccessDenied.self) { try AccessPolicy.authorize(lead, .administer(what: "erase a person")) }
    }

    @Test("a member records only meetings they facilitate and closes only their own follow-ups")
    func members() throws {
        let member = actor("mo", roles: [north: .member])
        try AccessPolicy.authorize(member, .recordMeeting(teamID: north, teamName: "North", facilitatorID: "mo"))
        #expect(throws: AccessDenied.self) {
            try AccessPolicy.authorize(member, .recordMeeting(teamID: north, teamName: "North", facilitatorID: "someone"))
        }
        try AccessPolicy.authorize(member, .closeFollowUp(teamID: north, teamName: "North", ownerID: "mo"))
        #expect(throws: AccessDenied.self) {
            try AccessPolicy.authorize(member, .closeFollowUp(teamID: north, teamName: "North", ownerID: "someone"))
        }
        let error = #expect(throws: AccessDenied.self) { try AccessPolicy.authorize(member, .addPeople) }
        #expect(error?.description.contains("only an administrator or a team lead may add people") == true)
    }

    @Test("the facilitator rotation takes turns and skips inactive people")
    func rotation() {
        let rotation = FacilitatorRotation([
            .init(personID: "a", isActive: true), .init(personID: "b", isActive: false), .init(personID: "c", isActive: true),
        ])
        #expect((0..<4).map { rotation.facilitator(forMeetingAt: $0) } == ["a", "c", "a", "c"])
        #expect(FacilitatorRotation([.init(personID: "x", isActive: false)]).facilitator(forMeetingAt: 0) == nil)
    }
}
