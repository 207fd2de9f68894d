-- 0013_reply_mailbox.sql — answers from people's own calendars: iTIP REPLY over IMAP (issue 14).
--
-- Applied by the migration runner inside ONE transaction, unqualified in current_schema().
--
-- reply_tokens: the token in each invitation's ORGANIZER and Reply-To address
-- (circles+<token>@domain). A reply is matched to a person and a meeting by the
-- token it was sent to, never by its From header alone. Made when the first mail
-- about that meeting goes to that person; random, 20 base32 characters.
--
-- reply_mailbox: per mailbox read, the UIDVALIDITY and the highest UID filed away,
-- when it was last polled, and running counts for `circles replies status`.
--
-- reply_messages: one row per message handled, keyed by (mailbox, UIDVALIDITY, UID)
-- and written in the same transaction as the answers it applied, before the message
-- is moved: a worker killed between the two finds the row after a restart, applies
-- nothing again, and only moves the message. No names, addresses or message text:
-- the person by id, the reason in words without either.

CREATE TABLE reply_tokens (
    token          text        NOT NULL,
    person_id      uuid        NOT NULL,
    occurrence_id  uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reply_tokens_pkey PRIMARY KEY (token),
    CONSTRAINT reply_tokens_person_meeting_key UNIQUE (person_id, occurrence_id),
    CONSTRAINT reply_tokens_person_fkey FOREIGN KEY (person_id) REFERENCES people (id),
    CONSTRAINT reply_tokens_occurrence_fkey FOREIGN KEY (occurrence_id) REFERENCES occurrences (id) ON DELETE CASCADE,
    CONSTRAINT reply_tokens_shape CHECK (token ~ '^[a-z2-7]{20}$')
);
COMMENT ON TABLE reply_tokens IS
    'The token in the reply address of the mail about one meeting to one person. Not audited: bookkeeping, no personal data.';

CREATE TABLE reply_mailbox (
    mailbox        text        NOT NULL,
    uid_validity   bigint,
    last_uid       bigint      NOT NULL DEFAULT 0,
    last_poll_at   timestamptz,
    last_error     text,
    handled        bigint      NOT NULL DEFAULT 0,
    matched        bigint      NOT NULL DEFAULT 0,
    needs_person   bigint      NOT NULL DEFAULT 0,
    refused        bigint      NOT NULL DEFAULT 0,
    duplicates     bigint      NOT NULL DEFAULT 0,
    CONSTRAINT reply_mailbox_pkey PRIMARY KEY (mailbox),
    CONSTRAINT reply_mailbox_last_uid_nonnegative CHECK (last_uid >= 0)
);
COMMENT ON TABLE reply_mailbox IS
    'Per mailbox read for replies (user@host/folder, no password): where reading got to, and running counts.';

CREATE TABLE reply_messages (
    mailbox          text        NOT NULL,
    uid_validity     bigint      NOT NULL,
    uid              bigint      NOT NULL,
    message_id       text,
    outcome          text        NOT NULL,
    folder           text        NOT NULL,
    reason           text        NOT NULL,
    person_id        uuid,
    authentication   text,
    answers          integer     NOT NULL DEFAULT 0,
    handled_at       timestamptz NOT NULL DEFAULT now(),
    moved_at         timestamptz,
    CONSTRAINT reply_messages_pkey PRIMARY KEY (mailbox, uid_validity, uid),
    CONSTRAINT reply_messages_person_fkey FOREIGN KEY (person_id) REFERENCES people (id),
    CONSTRAINT reply_messages_outcome_check CHECK (outcome IN ('matched', 'needs_person', 'refused', 'duplicate')),
    CONSTRAINT reply_messages_message_id_length CHECK (message_id IS NULL OR length(message_id) <= 500)
);
CREATE INDEX reply_messages_message_id_idx ON reply_messages (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX reply_messages_unmoved_idx ON reply_messages (mailbox, uid_validity, uid) WHERE moved_at IS NULL;
COMMENT ON TABLE reply_messages IS
    'Each message read from the reply mailbox: what became of it and the folder it goes to. Recorded with its answers, before the move.';

GRANT SELECT ON reply_tokens, reply_mailbox, reply_messages TO circles_app;
GRANT SELECT, INSERT ON reply_tokens TO circles_worker;
GRANT SELECT, INSERT, UPDATE ON reply_mailbox, reply_messages TO circles_worker;
-- The worker records the answers it reads (0011 lets it only read them).
GRANT INSERT, UPDATE ON meeting_responses TO circles_worker;
