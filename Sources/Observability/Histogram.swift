import Synchronization

/// Observations counted into cumulative buckets per label combination, e.g. SMTP latency.
///
/// Renders `_bucket{le="…"}` for each upper bound and `+Inf`, then `_sum` and `_count`.
public final class Histogram: MetricFamily {
    /// The base name; samples are `<name>_bucket`, `<name>_sum` and `<name>_count`.
    public let name: String
    /// What it measures, for `# HELP`.
    public let help: String
    /// The label names, in the order values are given (`le` is reserved).
    public let labelNames: [String]
    /// The finite upper bounds, ascending; `+Inf` is implied.
    public let buckets: [Double]
    private let series = Mutex<[[String]: Series]>([:])

    struct Series {
        var counts: [UInt64]
        var sum: Double = 0
        var count: UInt64 = 0
    }

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
        self.buckets = buckets
    }

    /// Records one observation for `labels`.
    public func observe(_ value: Double, _ labels: [String] = []) {
        precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
        let index = buckets.firstIndex { value <= $0 } ?? buckets.count
        series.withLock { series in
            var current = series[labels] ?? Series(counts: Array(repeating: 0, count: buckets.count + 1))
            current.counts[index] += 1
            current.sum += value
            current.count += 1
            series[labels] = current
        }
    }

    /// Records a duration in seconds.
    public func observe(_ duration: Duration, _ labels: [String] = []) {
        let (seconds, attoseconds) = duration.components
        observe(Double(seconds) + Double(attoseconds) / 1e18, labels)
    }

    /// How many observations were made for `labels`.
    public func count(_ labels: [String] = []) -> UInt64 {
        series.withLock { $0[labels]?.count ?? 0 }
    }

    public func render(into text: inout String) {
        text += PrometheusText.header(name: name, help: help, type: "histogram")
        let all = series.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        let names = labelNames + ["le"]
        for (labels, current) in all {
            var cumulative: UInt64 = 0
            for (index, bound) in (buckets + [.infinity]).enumerated() {
                cumulative += current.counts[index]
                text += name + "_bucket" + PrometheusText.labelSet(names, labels + [PrometheusText.format(bound)]) + " \(cumulative)\n"
            }
            let labelSet = PrometheusText.labelSet(labelNames, labels)
            text += name + "_sum" + labelSet + " " + PrometheusText.format(current.sum) + "\n"
            text += name + "_count" + labelSet + " \(current.count)\n"
        }
    }
}
