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

    private typealias Option = @convention(c) (Int32, Int32) -> Int32

    /// glibc's `mallopt`, looked up the same way.
    private static let option: Option? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return nil }
        return unsafeBitCast(symbol, to: Option.self)
        #else
        return nil
        #endif
    }()

    /// Caps glibc's malloc arenas at two (`M_ARENA_MAX`, -8). By default each thread that
    /// allocates may get an arena of its own, and the freed pages each keeps add up; the worker
    /// is two threads' worth of work, so two arenas cost it no speed.
    static func limitArenas() {
        _ = option?(-8, 2)
    }

    /// Returns freed memory to the system where the C library can; cheap when there is none.
    static func release() {
        _ = trim?(0)
    }
}
