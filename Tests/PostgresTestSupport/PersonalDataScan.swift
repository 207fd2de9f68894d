import Postgres

/// Searches every text, varchar, char, json and jsonb column (and text arrays) of every table
/// in the current schema for any of `needles`, case-insensitively, and returns where they
/// were found as `table.column`, sorted. The column list comes from the catalogue, so a
/// table or column added later is searched too.
public func placesContaining(_ needles: [String], in pool: PostgresPool) async throws -> [String] {
    let lowered = needles.map { $0.lowercased() }
    return try await pool.query("""
        SELECT c.relname || '.' || a.attname
        FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::text::regnamespace AND c.relkind IN ('r', 'p')
          AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype, 'jsonb'::regtype,
                             'text[]'::regtype, 'varchar[]'::regtype)
          AND EXISTS (
              SELECT 1 FROM unnest(\(lowered)::text[]) AS needle
              WHERE (xpath('/row/n/text()', query_to_xml(format(
                        'SELECT count(*) AS n FROM %I.%I WHERE strpos(lower(%I::text), %L) > 0',
                        current_schema(), c.relname, a.attname, needle), false, true, '')))[1]::text::int > 0)
        ORDER BY 1
        """).decode(String.self)
}

/// How many columns `placesContaining` searches in the current schema (to show the scan is not empty).
public func searchableColumnCount(in pool: PostgresPool) async throws -> Int {
    try await pool.query("""
        SELECT count(*)::int8 FROM pg_class c
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE c.relnamespace = current_schema()::text::regnamespace AND c.relkind IN ('r', 'p')
          AND a.atttypid IN ('text'::regtype, 'varchar'::regtype, 'bpchar'::regtype, 'json'::regtype, 'jsonb'::regtype,
                             'text[]'::regtype, 'varchar[]'::regtype)
        """)[0].decode(Int.self, at: 0)
}
