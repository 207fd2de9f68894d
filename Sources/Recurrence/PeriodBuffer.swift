/// Fixed-size scratch memory for one expansion: a period's candidate days, BYSETPOS picks, month masks.
///
/// Allocated once per iteration so that filling a period costs no allocation. Copied on write, so a copied
/// iterator never sees another copy's periods.
final class PeriodBuffer {
    /// Room for every day of a year.
    static let capacity = 372
    /// Room for every distinct BYSETPOS pick: values run from 1 to 366 and -366 to -1, so a period with
    /// more candidates than that (days times BYHOUR, BYMINUTE and BYSECOND) can have up to 732 picks.
    static let selectedCapacity = 732

    /// Candidate days of the current period, ascending.
    let days: UnsafeMutablePointer<Int>
    var dayCount = 0
    /// Candidate indices chosen by BYSETPOS, ascending.
    let selected: UnsafeMutablePointer<Int>
    var selectedCount = 0
    /// Per-month day masks (index 1…12): bit d set for day d.
    let monthMasks: UnsafeMutablePointer<UInt32>
    /// Scratch masks of the same shape.
    let scratch: UnsafeMutablePointer<UInt32>

    init() {
        days = .allocate(capacity: Self.capacity)
        selected = .allocate(capacity: Self.selectedCapacity)
        monthMasks = .allocate(capacity: 13)
        monthMasks.initialize(repeating: 0, count: 13)
        scratch = .allocate(capacity: 13)
        scratch.initialize(repeating: 0, count: 13)
    }

    /// A copy holding the same period.
    func copy() -> PeriodBuffer {
        let other = PeriodBuffer()
        other.days.update(from: days, count: dayCount)
        other.dayCount = dayCount
        other.selected.update(from: selected, count: selectedCount)
        other.selectedCount = selectedCount
        other.monthMasks.update(from: monthMasks, count: 13)
        return other
    }

    /// Appends a candidate day.
    @inline(__always)
    func append(_ day: Int) {
        days[dayCount] = day
        dayCount += 1
    }

    /// Appends the days whose bits are set in a month mask (bit d = day d of the month starting on `monthStart`).
    @inline(__always)
    func appendDays(of mask: UInt32, monthStart: Int) {
        var bits = mask
        while bits != 0 {
            days[dayCount] = monthStart + bits.trailingZeroBitCount - 1
            dayCount += 1
            bits &= bits - 1
        }
    }

    /// Appends the days at the given set positions (1 first, -1 last) among the bits of a month mask,
    /// ascending and once each.
    func appendSelectedDays(of mask: UInt32, monthStart: Int, positions: [Int]) {
        let total = mask.nonzeroBitCount
        var chosen: UInt32 = 0
        for p in positions {
            let index = p > 0 ? p - 1 : total + p
            guard index >= 0 && index < total else { continue }
            var bits = mask
            if p > 0 {
                for _ in 0..<index { bits &= bits - 1 }  // drop the lowest p-1 days
                chosen |= bits & (~bits &+ 1)
            } else {
                for _ in 0..<(-p - 1) {
                    bits &= ~(UInt32(1) << UInt32(31 - bits.leadingZeroBitCount))
                }  // drop the highest
                chosen |= UInt32(1) << UInt32(31 - bits.leadingZeroBitCount)
            }
        }
        appendDays(of: chosen, monthStart: monthStart)
    }

    deinit {
        days.deallocate()
        selected.deallocate()
        monthMasks.deallocate()
        scratch.deallocate()
    }
}
