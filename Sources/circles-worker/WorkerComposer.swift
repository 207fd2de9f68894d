import CirclesServices
import Foundation
import Mail

/// Builds the dispatcher's composer from the worker's mail settings.
enum WorkerComposer {
    static func make(_ configuration: WorkerConfiguration) throws -> ReminderDispatcher.Composer {
        guard let unsubscribe = URL(string: configuration.unsubscribeURL), unsubscribe.scheme?.lowercased() == "https" else {
            throw WorkerConfigurationError(
                "CIRCLES_UNSUBSCRIBE_URL=\(configuration.unsubscribeURL) is not an https URL; expected e.g. https://council.example/circles/unsubscribe")
        }
        return ReminderMailComposer(sender: configuration.sender, domain: configuration.mailDomain, unsubscribeURL: unsubscribe).composer
    }
}
