import CirclesDomain
import CirclesStore
import Foundation
import Postgres

extension CirclesServices {
    /// Extends every active series' meetings to `now + horizon`, in batches of series, each batch
    /// one transaction. Idempotent and safe to run from several workers at once (batches skip
    /// series another worker holds). Returns how many meetings were created.
    ///
    /// This is the scheduling pass's first half; no person is acting, so the inserts are not
    /// audited (the audit trail records what people change).
    public func extendHorizon(now: Date = Date(), batchSize: Int = 1_000) async throws -> Int {
        let until = now.addingTimeInterval(horizon)
        var created = 0
        while true {
            let (batchCount, inserted) = try await pool.withTransaction { connection in
                try Self.setAuditContext(actorID: nil, actorEmail: nil, action: "horizon.extend", on: connection)
                let due = try SeriesStore.needingHorizon(until: until, limit: batchSize, on: connection)
                guard !due.isEmpty else { return (0, 0) }
                let rotations = try SeriesStore.rotations(seriesIDs: try due.map { try Self.stored($0.series.id) }, on: connection)
                // Each team's closed days are worked out once per batch, not once per series.
                var closures = ClosurePlans(
                    try ClosureStore.followed(teamIDs: try Set(due.map(\.series.teamID)).map { try Self.stored($0) }, on: connection))
                var planned: [MeetingStore.Planned] = []
                var skipped: [MeetingStore.Skipped] = []
                for (series, reached) in due {
                    let rotation = rotations[series.id] ?? FacilitatorRotation([])
                    let closed = closures.planner(for: series)
                    // Meetings up to `reached` exist already; ON CONFLICT covers the boundary.
                    let schedule = try MeetingPlanner.schedule(series, rotation: rotation, closures: closed, from: reached, through: until)
                    planned += schedule.planned
                    skipped += schedule.skipped
                }
                let inserted = try MeetingStore.insert(planned, on: connection)
                try MeetingStore.insertSkipped(skipped, on: connection)
                try SeriesStore.setMaterialisedUntil(seriesIDs: try due.map { try Self.stored($0.series.id) }, until, on: connection)
                return (due.count, inserted)
            }
            created += inserted
            if batchCount < batchSize { return created }
        }
    }

    /// Refuses unless the person is an administrator.
    public func requireAdministrator(_ actorEmail: String, to what: String) async throws {
        try await read(as: actorEmail) { _, actor in try AccessPolicy.authorize(actor, .administer(what: what)) }
    }
}
