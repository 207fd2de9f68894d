extension String {
    /// The longest run of whole characters from the start with at most `limit` Unicode scalars.
    /// PostgreSQL counts a text's length in code points, and one character may be several (an `e`
    /// and a combining accent, a flag), so a cut by characters can still be too long for a column.
    public func clipped(toScalars limit: Int) -> String {
        var scalars = 0
        var end = startIndex
        for index in indices {
            let size = self[index].unicodeScalars.count
            guard scalars + size <= limit else { break }
            scalars += size
            end = self.index(after: index)
        }
        return String(self[..<end])
    }

    /// The text without control characters (NUL among them, which PostgreSQL's text cannot hold).
    var withoutControls: String {
        String(String.UnicodeScalarView(unicodeScalars.filter { $0.properties.generalCategory != .control }))
    }
}
