import Foundation
import Testing

/// ArgumentParser derives an unnamed command's name from `String(describing: Self.self)`, and on
/// Linux each such call scans every protocol conformance in the binary: ~60 unnamed commands
/// were ~40% of the CPU of every `circles` start. So every command names itself.
@Suite("commands name themselves")
struct CommandNamingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Each `CommandConfiguration(…)` in the executables' sources, as `file:line`, and whether it has a `commandName:`.
    static func configurations() throws -> [(place: String, named: Bool)] {
        var found: [(place: String, named: Bool)] = []
        for target in ["circles", "circles-worker", "circles-web"] {
            let directory = root.appendingPathComponent("Sources/\(target)")
            let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
            for file in files {
                let text = Array(try String(contentsOf: file, encoding: .utf8).utf8)
                for start in configurationCalls(in: text) {
                    let named = String(decoding: balanced(text, from: start), as: UTF8.self).contains("commandName:")
                    let line = text[..<start].filter { $0 == UInt8(ascii: "\n") }.count + 1
                    found.append(("\(target)/\(file.lastPathComponent):\(line)", named))
                }
            }
        }
        return found
    }

    /// Where each `CommandConfiguration(`'s arguments begin.
    static func configurationCalls(in text: [UInt8]) -> [Int] {
        let needle = Array("CommandConfiguration(".utf8)
        guard text.count >= needle.count else { return [] }
        return (0...(text.count - needle.count)).filter { text[$0..<($0 + needle.count)].elementsEqual(needle) }.map { $0 + needle.count }
    }

    /// The text from `start` up to the parenthesis that closes the call.
    static func balanced(_ text: [UInt8], from start: Int) -> ArraySlice<UInt8> {
        var depth = 1, index = start
        while index < text.count && depth > 0 {
            if text[index] == UInt8(ascii: "(") { depth += 1 } else if text[index] == UInt8(ascii: ")") { depth -= 1 }
            index += 1
        }
        return text[start..<index]
    }

    @Test("every command of circles, circles-worker and circles-web sets commandName, so no start derives names")
    func everyCommandIsNamed() throws {
        let configurations = try Self.configurations()
        #expect(configurations.count >= 90, "the scan found \(configurations.count) commands; it should find them all")
        #expect(configurations.filter { !$0.named }.map(\.place).sorted() == [])
    }
}
