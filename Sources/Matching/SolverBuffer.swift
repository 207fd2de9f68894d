/// A fixed-length buffer of plain values for the solver's hot loops.
///
/// Indexing is checked by `assert` (so debug builds and the tests catch a stray index) but not in
/// release builds, and writing needs no copy-on-write uniqueness test: in the dense benchmark those
/// two checks were close to half of the instructions the solver ran. The memory belongs to a
/// `SolverBufferPool`, which frees it when the last solver holding the pool goes away.
struct SolverBuffer<Element> {
    private let base: UnsafeMutablePointer<Element>
    /// How many elements the buffer holds.
    let count: Int

    /// A buffer in `pool` holding a copy of `elements`.
    init(_ elements: [Element], in pool: SolverBufferPool) {
        count = elements.count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        elements.withUnsafeBufferPointer { source in
            if let address = source.baseAddress { base.initialize(from: address, count: count) }
        }
        pool.adopt(UnsafeMutableRawPointer(base))
    }

    /// A buffer in `pool` of `count` copies of `value`.
    init(repeating value: Element, count: Int, in pool: SolverBufferPool) {
        self.count = count
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: count)
        pool.adopt(UnsafeMutableRawPointer(base))
    }

    /// `0..<count`.
    var indices: Range<Int> { 0..<count }

    @inline(__always) subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "solver buffer index \(index) outside 0..<\(count)")
            return base[index]
        }
        nonmutating set {
            assert(index >= 0 && index < count, "solver buffer index \(index) outside 0..<\(count)")
            base[index] = newValue
        }
    }

    /// Sets every element to `value`.
    func fill(_ value: Element) {
        for index in 0..<count { base[index] = value }
    }
}

/// Owns the memory of a solver's buffers (all of plain, trivially destroyed types) and frees it.
final class SolverBufferPool {
    private var blocks: [UnsafeMutableRawPointer] = []

    func adopt(_ block: UnsafeMutableRawPointer) {
        blocks.append(block)
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}
