-- 0007_withdrawn_meetings.sql — calendars stay right when a series changes.
--
-- Rescheduling, pausing, ending or splitting a series deletes its untouched
-- future meetings (and regenerates them from the new rule). Some were already
-- in people's calendars: an invitation went out with the meeting's UID (series
-- id + original start) and SEQUENCE. Such a meeting that no longer exists gets
-- a METHOD:CANCEL; one that the new rule produces again at the same original
-- start is the same calendar event and must come back with a higher SEQUENCE,
-- or calendar programs ignore it as older than what they hold.
--
-- This table remembers, per calendar event that was withdrawn, the last
-- SEQUENCE people were sent. A meeting inserted later at the same series and
-- original start starts from the next SEQUENCE. It holds no personal data.

CREATE TABLE withdrawn_meetings (
    series_id       uuid        NOT NULL,
    original_start  timestamptz NOT NULL,
    last_sequence   integer     NOT NULL,
    withdrawn_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT withdrawn_meetings_pkey PRIMARY KEY (series_id, original_start),
    CONSTRAINT withdrawn_meetings_series_fkey FOREIGN KEY (series_id) REFERENCES series (id) ON DELETE CASCADE,
    CONSTRAINT withdrawn_meetings_sequence_nonnegative CHECK (last_sequence >= 0)
);
COMMENT ON TABLE withdrawn_meetings IS
    'Calendar events (series + original start) removed by a series change after invitations went out, with the last SEQUENCE sent. Not audited: bookkeeping for iCalendar, no personal data.';

GRANT SELECT, INSERT, UPDATE ON withdrawn_meetings TO circles_app;
GRANT SELECT ON withdrawn_meetings TO circles_worker;
-- The worker's horizon extension inserts meetings with their starting SEQUENCE.
GRANT INSERT (sequence) ON occurrences TO circles_worker;
