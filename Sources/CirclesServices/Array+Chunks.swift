extension Array {
    /// The elements in consecutive runs of at most `size` (the last may be shorter), in order.
    func chunks(of size: Int) -> [[Element]] {
        precondition(size > 0, "a chunk holds at least one element")
        return stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
