import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file that holds personal data, so only its owner may ever read it.
///
/// The data goes to a new file beside the target, created with mode 0600 in the `open` call
/// itself (`O_CREAT | O_EXCL`, so there is no moment in which others could open it), and is then
/// renamed over the target. Replacing an existing file keeps its permissions when they are
/// narrower than 0600 (a 0400 file stays 0400) and never widens them; a process that had the
/// old file open keeps seeing the old contents, not these.
enum PrivateFile {
    static func write(_ data: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent().path
        let temporary = folder + "/." + target.lastPathComponent + "." + UUID().uuidString.prefix(8) + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw UnwritableFile(path: path, errno, "cannot create a file in \(folder)")
        }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }

        var existing = stat()
        if lstat(path, &existing) == 0, existing.st_mode & S_IFMT == S_IFREG {
            guard fchmod(descriptor, existing.st_mode & 0o600) == 0 else {
                let error = errno
                close(descriptor)
                throw UnwritableFile(path: path, error, "cannot set the permissions of the new file")
            }
        }
        var written = 0
        let writeError: Int32? = data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let result = Foundation.write(descriptor, bytes.baseAddress.map { $0 + written }, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return fsync(descriptor) == 0 ? nil : errno
        }
        let closeError = close(descriptor) == 0 ? nil : errno
        if let error = writeError ?? closeError {
            throw UnwritableFile(path: path, error, "cannot write the data")
        }
        guard rename(temporary, path) == 0 else {
            throw UnwritableFile(path: path, errno, "cannot replace it")
        }
        renamed = true
    }
}

/// The export could not be written where asked.
struct UnwritableFile: Error, CustomStringConvertible {
    let description: String

    init(path: String, _ error: Int32, _ what: String) {
        description = "cannot write \(path): \(what) (\(String(cString: strerror(error)))); "
            + "check that its folder exists and is writable"
    }
}
