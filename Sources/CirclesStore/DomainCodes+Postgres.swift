import CirclesDomain
import Postgres

// The domain's closed sets of codes, as the tables store them (text columns with a CHECK). Decoding
// a code the program does not know throws, naming the column and the value (see
// `PostgresCodable+RawRepresentable.swift`): no row is read as a default it is not.

extension ReminderKind: PostgresCodable {}
extension ReminderState: PostgresCodable {}
extension SeriesStatus: PostgresCodable {}
extension OccurrenceStatus: PostgresCodable {}
extension AttendanceStatus: PostgresCodable {}
extension FollowUpStatus: PostgresCodable {}
extension ActionStatus: PostgresCodable {}
extension Perspective: PostgresCodable {}
extension TeamRole: PostgresCodable {}
extension ResponseAnswer: PostgresCodable {}
extension ResponseSource: PostgresCodable {}
