import CirclesServices
import Foundation
import LinkTokens
import Mail

/// Builds the dispatcher's composer from the worker's mail settings.
enum WorkerComposer {
    static func make(_ configuration: WorkerConfiguration) throws -> ReminderDispatcher.Composer {
        guard let unsubscribe = URL(string: configuration.unsubscribeURL), unsubscribe.scheme?.lowercased() == "https" else {
            throw WorkerConfigurationError(
                "CIRCLES_UNSUBSCRIBE_URL=\(configuration.unsubscribeURL) is not an https URL; expected e.g. https://council.example/circles/unsubscribe")
        }
        var links: MailLinks?
        if let keyring = configuration.settings.web.signingKeys {
            guard let publicURL = URL(string: configuration.settings.web.publicURL), publicURL.scheme?.lowercased() == "https" else {
                throw WorkerConfigurationError(
                    "CIRCLES_WEB_PUBLIC_URL=\(configuration.settings.web.publicURL) is not an https URL; links in mail need one, e.g. https://council.example/circles")
            }
            links = MailLinks(publicURL: publicURL, keyring: keyring)
        }
        return ReminderMailComposer(
            sender: configuration.sender, domain: configuration.mailDomain, unsubscribeURL: unsubscribe, links: links
        ).composer
    }
}
