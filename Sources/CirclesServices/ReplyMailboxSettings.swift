import Mail
import ReplyReading

/// How the worker reads calendar replies (configuration `mail.replies.*`).
public struct ReplyMailboxSettings: Sendable {
    /// The mailbox replies arrive in.
    public var imap: IMAPConfiguration
    /// The reply address without a token, e.g. `circles@council.example`; invitations name `circles+<token>@…`.
    public var address: String
    /// The domain of Circles' calendar UIDs (`mail.domain`).
    public var domain: String
    /// Where handled replies are filed.
    public var processedFolder: String
    /// Where everything else goes for a person to read: never deleted, never answered.
    public var needsPersonFolder: String
    /// What the receiving server's Authentication-Results must say.
    public var authentication: AuthenticationPolicy
    /// The receiving server's authserv-id: only Authentication-Results naming it are read; nil: the topmost.
    public var authservID: String?
    /// Size and nesting limits for each message.
    public var limits: MIMELimits
    /// Messages fetched and recorded before they are moved.
    public var batchSize: Int

    /// Settings with the defaults for folders, policy, limits and batch.
    public init(
        imap: IMAPConfiguration, address: String, domain: String, processedFolder: String = "Circles/Processed",
        needsPersonFolder: String = "Circles/Needs a person", authentication: AuthenticationPolicy = .record, authservID: String? = nil,
        limits: MIMELimits = .init(), batchSize: Int = 200
    ) {
        self.imap = imap
        self.address = address
        self.domain = domain
        self.processedFolder = processedFolder
        self.needsPersonFolder = needsPersonFolder
        self.authentication = authentication
        self.authservID = authservID
        self.limits = limits
        self.batchSize = batchSize
    }

    /// The mailbox's name in the database: user, host, port and folder, never the password.
    public var mailboxKey: String { "\(imap.username)@\(imap.host):\(imap.port)/\(imap.mailbox)" }
}
