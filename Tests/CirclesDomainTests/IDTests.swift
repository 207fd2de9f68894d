import CirclesDomain
import Foundation
import Testing

@Suite("ids print as PostgreSQL writes UUIDs and sort as they print")
struct IDTests {
    struct Team {}

    @Test("an id prints as Foundation's UUID string in lowercase, for many random ids and the extremes")
    func printsLikeFoundation() {
        var uuids = (0..<2_000).map { _ in UUID() }
        uuids.append(UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
        uuids.append(UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)))
        for uuid in uuids {
            #expect(ID<Team>(uuid).description == uuid.uuidString.lowercased())
            #expect(ID<Team>(ID<Team>(uuid).description)?.uuid == uuid)
        }
    }

    @Test("ids sort in the order of their text, which is the order PostgreSQL sorts uuids in")
    func sortsAsText() {
        let ids = (0..<2_000).map { _ in ID<Team>(UUID()) }
        #expect(ids.sorted().map(\.description) == ids.map(\.description).sorted())
        let one = ID<Team>(UUID())
        #expect(!(one < one))
    }
}
