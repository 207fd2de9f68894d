extension ReportWriter {
    /// Writes `count` sections one after the other, `before` ahead of each, handing the sink a
    /// chunk at a section boundary.
    mutating func writeSections(
        count: Int, before: (Int, inout ReportWriter) -> Void = { _, _ in }, section: (Int, inout ReportWriter) -> Void
    ) throws {
        for index in 0..<count {
            before(index, &self)
            section(index, &self)
            try checkpoint()
        }
    }

    /// Writes `count` sections in order, rendering up to `parallelism` of them at once, each into
    /// a buffer of its own that is appended here in turn; `before` runs on this writer ahead of
    /// each section (a separator). The output is byte for byte what rendering them one after the
    /// other gives: a section depends on its own index alone. At most `parallelism` × 8 sections
    /// are held in memory at a time, and the sink still gets a chunk at a section boundary.
    mutating func writeSections(
        count: Int, parallelism: Int, before: (Int, inout ReportWriter) -> Void = { _, _ in },
        section: @escaping @Sendable (Int, inout ReportWriter) -> Void
    ) async throws {
        let workers = max(1, parallelism)
        guard workers > 1, count > 1 else { return try writeSections(count: count, before: before, section: section) }
        let perTask = 8
        var start = 0
        while start < count {
            let end = min(count, start + workers * perTask)
            let rendered = await withTaskGroup(of: (Int, [[UInt8]]).self) { tasks in
                for first in stride(from: start, to: end, by: perTask) {
                    tasks.addTask {
                        var parts: [[UInt8]] = []
                        for index in first..<min(end, first + perTask) {
                            var part = ReportWriter()
                            section(index, &part)
                            parts.append(part.bytes)
                        }
                        return (first, parts)
                    }
                }
                var byFirst: [Int: [[UInt8]]] = [:]
                for await (first, parts) in tasks { byFirst[first] = parts }
                return stride(from: start, to: end, by: perTask).flatMap { byFirst[$0] ?? [] }
            }
            for (offset, part) in rendered.enumerated() {
                before(start + offset, &self)
                append { $0.append(contentsOf: part) }
                try checkpoint()
            }
            start = end
        }
    }
}
