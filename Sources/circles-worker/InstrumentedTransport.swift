import Mail

/// A mail transport that times each batch and counts each message's result.
struct InstrumentedTransport: MailTransport {
    let base: any MailTransport
    /// `smtp` or `file`, the label on the metrics.
    let name: String
    let metrics: WorkerMetrics

    func send(_ batch: [OutgoingMail]) async -> [DeliveryOutcome] {
        let started = ContinuousClock.now
        let outcomes = await base.send(batch)
        metrics.mailDuration(name).record(started.duration(to: .now))
        for outcome in outcomes {
            let result =
                switch outcome {
                case .delivered: "delivered"
                case .temporaryFailure: "temporary_failure"
                case .permanentFailure: "permanent_failure"
                }
            metrics.mailMessages.counter([name, result]).increment()
        }
        return outcomes
    }
}
