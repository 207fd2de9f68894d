import Foundation

/// Fresh directories for tests that write files.
enum TemporaryDirectory {
    /// Creates an empty directory with a unique name under the system's temporary directory.
    static func make(_ prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
