import Synchronization

/// A monotonically increasing count per label combination, e.g. reminders sent by kind.
public final class Counter: MetricFamily {
    /// The metric name; by convention it ends in `_total`.
    public let name: String
    /// What it counts, for `# HELP`.
    public let help: String
    /// The label names, in the order values are given.
    public let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Adds `amount` (which must not be negative) to the sample for `labels`.
    public func increment(by amount: Double = 1, _ labels: [String] = []) {
        precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
        precondition(amount >= 0, "a counter only goes up")
        values.withLock { $0[labels, default: 0] += amount }
    }

    /// The current value for `labels` (0 when never incremented).
    public func value(_ labels: [String] = []) -> Double {
        values.withLock { $0[labels] ?? 0 }
    }

    public func render(into text: inout String) {
        text += PrometheusText.header(name: name, help: help, type: "counter")
        let samples = values.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for (labels, value) in samples {
            text += name + PrometheusText.labelSet(labelNames, labels) + " " + PrometheusText.format(value) + "\n"
        }
    }
}
