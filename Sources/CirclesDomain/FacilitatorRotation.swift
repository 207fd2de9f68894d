/// Who facilitates each meeting: an ordered list taken in turn, skipping anyone inactive.
public struct FacilitatorRotation: Sendable, Hashable {
    /// One person in the rotation.
    public struct Member: Sendable, Hashable {
        /// The person's identifier.
        public let personID: String
        /// Whether the person is active; inactive people are skipped.
        public let isActive: Bool

        /// Creates a member.
        public init(personID: String, isActive: Bool) {
            self.personID = personID
            self.isActive = isActive
        }
    }

    /// The rotation in order.
    public let members: [Member]

    /// Creates a rotation.
    public init(_ members: [Member]) { self.members = members }

    /// The facilitator for the meeting at `index` (0 for the series' first meeting),
    /// or `nil` when nobody in the rotation is active.
    ///
    /// Turns are counted over the active members only, so a deactivated person's turns
    /// pass to the next person without anyone facilitating twice in a row.
    public func facilitator(forMeetingAt index: Int) -> String? {
        let active = members.filter(\.isActive)
        guard !active.isEmpty, index >= 0 else { return nil }
        return active[index % active.count].personID
    }
}
