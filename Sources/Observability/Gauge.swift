import Synchronization

/// A value that goes up and down per label combination, e.g. reminders waiting by state.
public final class Gauge: MetricFamily {
    /// The metric name.
    public let name: String
    /// What it measures, for `# HELP`.
    public let help: String
    /// The label names, in the order values are given.
    public let labelNames: [String]
    private let values = Mutex<[[String]: Double]>([:])

    init(name: String, help: String, labelNames: [String]) {
        self.name = name
        self.help = help
        self.labelNames = labelNames
    }

    /// Sets the sample for `labels`.
    public func set(_ value: Double, _ labels: [String] = []) {
        precondition(labels.count == labelNames.count, "\(name) takes labels \(labelNames)")
        values.withLock { $0[labels] = value }
    }

    /// Removes the sample for `labels`, e.g. when what it measured could not be read.
    public func remove(_ labels: [String] = []) {
        _ = values.withLock { $0.removeValue(forKey: labels) }
    }

    /// The current value for `labels`, if set.
    public func value(_ labels: [String] = []) -> Double? {
        values.withLock { $0[labels] }
    }

    public func render(into text: inout String) {
        text += PrometheusText.header(name: name, help: help, type: "gauge")
        let samples = values.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for (labels, value) in samples {
            text += name + PrometheusText.labelSet(labelNames, labels) + " " + PrometheusText.format(value) + "\n"
        }
    }
}
