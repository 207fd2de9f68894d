/// One named metric with its HELP and TYPE, and the samples of each label combination.
public protocol MetricFamily: AnyObject, Sendable {
    /// The metric name, e.g. `circles_reminders_sent_total`.
    var name: String { get }
    /// Appends this family in the text exposition format 0.0.4.
    func render(into text: inout String)
}
