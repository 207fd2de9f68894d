#if canImport(Glibc)
import Glibc
#endif

/// Hands memory the process has freed back to the system.
///
/// glibc keeps freed pages in each thread's malloc arena for reuse, so one scheduling pass
/// that decodes tens of thousands of rows leaves the worker's resident size that much larger
/// for as long as it runs, although it idles far longer than it works. `malloc_trim` returns
/// those pages; it is looked up at run time because Swift's Glibc module does not declare it
/// (and a C library without it, such as musl, simply skips this).
enum FreedMemory {
    private typealias Trim = @convention(c) (Int) -> Int32

    private static let trim: Trim? = {
        #if canImport(Glibc)
        // A null handle is RTLD_DEFAULT: the symbol as the process already links it.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: Trim.self)
        #else
        return nil
        #endif
    }()

    /// Returns freed memory to the system where the C library can; cheap when there is none.
    static func release() {
        _ = trim?(0)
    }
}
