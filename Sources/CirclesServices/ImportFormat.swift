/// The file formats action items can be imported from.
public enum ImportFormat: String, Sendable, Hashable, CaseIterable {
    /// RFC 4180 CSV in UTF-8 with a header row naming the columns.
    case csv
    /// A JSON array of objects whose keys are the CSV column names.
    case json

    /// The format a file name's extension implies (`.csv`, `.json`, any case), if any.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        self.init(rawValue: fileName[fileName.index(after: dot)...].lowercased())
    }
}
