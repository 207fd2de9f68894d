/// One forward-only schema change: a numbered SQL file applied in one transaction.
public struct Migration: Sendable, Hashable {
    /// The file name without `.sql`, e.g. `0001_init`; migrations apply in name order.
    public let name: String
    /// The SQL text.
    public let sql: String

    /// Creates a migration.
    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }
}

extension Migration {
    /// The migrations compiled into this binary from `sql/migrations/`, in order.
    ///
    /// SwiftPM embeds each file as a byte array (`PackageResources`), so an installed binary
    /// needs no files beside it. Add a line here for each new file; a test checks that this
    /// list and the folder agree.
    public static let embedded: [Migration] = [
        Migration(name: "0001_init", sql: String(decoding: PackageResources._001_init_sql, as: UTF8.self)),
        Migration(name: "0002_roles", sql: String(decoding: PackageResources._002_roles_sql, as: UTF8.self)),
        Migration(name: "0003_worker_digest", sql: String(decoding: PackageResources._003_worker_digest_sql, as: UTF8.self)),
        Migration(name: "0004_data_protection", sql: String(decoding: PackageResources._004_data_protection_sql, as: UTF8.self)),
        Migration(name: "0005_migration_history_readable", sql: String(decoding: PackageResources._005_migration_history_readable_sql, as: UTF8.self)),
        Migration(name: "0006_outbox_hot_claim", sql: String(decoding: PackageResources._006_outbox_hot_claim_sql, as: UTF8.self)),
        Migration(name: "0007_withdrawn_meetings", sql: String(decoding: PackageResources._007_withdrawn_meetings_sql, as: UTF8.self)),
        Migration(name: "0008_redactable_audit", sql: String(decoding: PackageResources._008_redactable_audit_sql, as: UTF8.self)),
        Migration(name: "0009_closures", sql: String(decoding: PackageResources._009_closures_sql, as: UTF8.self)),
        Migration(name: "0010_pairing", sql: String(decoding: PackageResources._010_pairing_sql, as: UTF8.self)),
        Migration(name: "0011_meeting_responses", sql: String(decoding: PackageResources._011_meeting_responses_sql, as: UTF8.self)),
        Migration(name: "0011b_response_history_on_record", sql: String(decoding: PackageResources._011b_response_history_on_record_sql, as: UTF8.self)),
        Migration(name: "0012_feed_links", sql: String(decoding: PackageResources._012_feed_links_sql, as: UTF8.self)),
        Migration(name: "0013_reply_mailbox", sql: String(decoding: PackageResources._013_reply_mailbox_sql, as: UTF8.self)),
        Migration(name: "0014_feed_change_notices", sql: String(decoding: PackageResources._014_feed_change_notices_sql, as: UTF8.self)),
        Migration(name: "0015_set_based_response_audit", sql: String(decoding: PackageResources._015_set_based_response_audit_sql, as: UTF8.self)),
        Migration(name: "0016_response_audit_by_column", sql: String(decoding: PackageResources._016_response_audit_by_column_sql, as: UTF8.self)),
        Migration(name: "0017_leaner_response_triggers", sql: String(decoding: PackageResources._017_leaner_response_triggers_sql, as: UTF8.self)),
    ]
}
