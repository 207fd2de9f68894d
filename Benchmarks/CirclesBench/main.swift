// `CirclesBench postgres|recurrence|scheduling|closures|runaway|queue|progress|compose|matching` — release-build benchmarks behind `make bench`.
// Figures are printed, never asserted: speed targets are shown here, not in timed tests.
import Foundation

let arguments = CommandLine.arguments.dropFirst()
switch arguments.first {
case "postgres":
    await PostgresBenchmark.run()
case "scheduling":
    await SchedulingBenchmark.run()
case "closures":
    await ClosureBenchmark.run()
case "runaway":
    await RunawayRuleBenchmark.run()
case "queue":
    await QueueBenchmark.run()
case "progress":
    await ProgressBenchmark.run()
case "recurrence":
    RecurrenceBenchmark.run()
case "compose":
    ComposeBenchmark.run()
case "matching":
    MatchingBenchmark.run()
default:
    FileHandle.standardError.write(Data("usage: CirclesBench postgres|recurrence|scheduling|closures|runaway|queue|progress|compose|matching\n".utf8))
    exit(64)
}
