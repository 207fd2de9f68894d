-- 0011b_response_history_on_record.sql — history rows for answers given, not for erasure.
--
-- 0011 copied every INSERT or UPDATE of meeting_responses into meeting_response_history, so
-- erasing a person (which nulls the notes of their answers) added a history row as if they had
-- answered again. An answer is recorded when recorded_at is set (every save sets it to now());
-- only then is history written.

DROP TRIGGER meeting_responses_record_history ON meeting_responses;
CREATE TRIGGER meeting_responses_record_history AFTER INSERT ON meeting_responses
    FOR EACH ROW EXECUTE FUNCTION meeting_responses_record_history();
CREATE TRIGGER meeting_responses_record_history_update AFTER UPDATE ON meeting_responses
    FOR EACH ROW WHEN (NEW.recorded_at IS DISTINCT FROM OLD.recorded_at)
    EXECUTE FUNCTION meeting_responses_record_history();
