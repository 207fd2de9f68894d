import CirclesServices
import Foundation
import Mail

/// Builds the dispatcher's composer from the worker's mail settings.
enum WorkerComposer {
    static func make(_ configuration: WorkerConfiguration) -> ReminderDispatcher.Composer {
        let composer = MeetingMailComposer(sender: configuration.sender, domain: configuration.mailDomain)
        let unsubscribe = URL(string: configuration.unsubscribeURL)
        return { context in
            guard let unsubscribe else {
                throw WorkerConfigurationError("CIRCLES_UNSUBSCRIBE_URL=\(configuration.unsubscribeURL) is not a URL")
            }
            return try composer.compose(try context.mailContent(unsubscribeURL: unsubscribe), now: Date())
        }
    }
}
