// A benchmark, not a test: one full poll cycle of N feeds through yuqing's transport
// (one libcurl multi handle) and feed parser, reporting wall time, CPU time and peak RSS.
// Run it through Benchmarks/fetch-cycle.sh, which also measures curl as the floor.

import Feeds
import Markup
import Foundation
import Transport

#if canImport(Glibc)
import Glibc
#endif

AllocatorTuning.apply()

struct Arguments {
    var urlsFile = ""
    var connections = 16
    var window = 64
    var parse = true

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--urls": urlsFile = iterator.next() ?? ""
            case "--connections": connections = Int(iterator.next() ?? "") ?? connections
            case "--no-parse": parse = false
            case "--window": window = Int(iterator.next() ?? "") ?? window
            default: break
            }
        }
    }
}

func cpuSeconds() -> (user: Double, system: Double, peakKiB: Int) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
    return (seconds(usage.ru_utime), seconds(usage.ru_stime), Int(usage.ru_maxrss))
}

let arguments = Arguments()
if let index = CommandLine.arguments.firstIndex(of: "--poll-lateness"), index + 1 < CommandLine.arguments.count {
    let within = (try? await PollLateness.run(directory: CommandLine.arguments[index + 1])) ?? false
    exit(within ? 0 : 1)
}

if let index = CommandLine.arguments.firstIndex(of: "--json"), index + 1 < CommandLine.arguments.count {
    JSONParseBench.run(CommandLine.arguments[index + 1], items: index + 2 < CommandLine.arguments.count ? CommandLine.arguments[index + 2] : "$..items[*]")
    exit(0)
}

if let index = CommandLine.arguments.firstIndex(of: "--profile"), index + 1 < CommandLine.arguments.count {
    ParseProfile.run(CommandLine.arguments[index + 1])
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--cluster-file"), index + 1 < CommandLine.arguments.count {
    ClusterThroughput.run(file: CommandLine.arguments[index + 1])
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--cluster"), index + 1 < CommandLine.arguments.count {
    ClusterThroughput.run(count: Int(CommandLine.arguments[index + 1]) ?? 100_000)
    exit(0)
}
if CommandLine.arguments.contains("--pg-write") {
    let value = { (flag: String, fallback: Int) in
        CommandLine.arguments.firstIndex(of: flag).flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? fallback
    }
    do {
        try await ClusterWriteBench.run(nodes: value("--nodes", 4), items: value("--items", 100_000), seed: UInt64(value("--seed", 1)))
    } catch {
        print("pg write benchmark failed: \(error)")
        exit(1)
    }
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--storage"), index + 1 < CommandLine.arguments.count {
    let value = { (flag: String, fallback: Int) in
        CommandLine.arguments.firstIndex(of: flag).flatMap { Int(CommandLine.arguments[$0 + 1]) } ?? fallback
    }
    StorageBench.run(directory: CommandLine.arguments[index + 1], items: value("--items", 1_000_000), days: value("--days", 30))
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--match"), index + 2 < CommandLine.arguments.count {
    MatchThroughput.run(keywordsFile: CommandLine.arguments[index + 1], textFile: CommandLine.arguments[index + 2])
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--judge"), index + 1 < CommandLine.arguments.count {
    let home = CommandLine.arguments.firstIndex(of: "--home").flatMap { Int(CommandLine.arguments[$0 + 1]) }
    let topics = CommandLine.arguments.firstIndex(of: "--topics").map { CommandLine.arguments[$0 + 1] }
    JudgeBench.run(CommandLine.arguments[index + 1], home: home, topicsFile: topics)
    exit(0)
}
if let index = CommandLine.arguments.firstIndex(of: "--parse-dir"), index + 1 < CommandLine.arguments.count {
    ParseThroughput.run(CommandLine.arguments[index + 1])
    exit(0)
}
guard let list = try? String(contentsOfFile: arguments.urlsFile, encoding: .utf8) else {
    FileHandle.standardError.write(Data("usage: yuqing-bench --urls FILE [--connections 16]\n".utf8))
    exit(2)
}
let urls = list.split(separator: "\n").map(String.init)
let client = try HTTPClient(maxConnections: arguments.connections, maxConnectionsPerHost: arguments.connections)
let policy = ConnectionPolicy(allowPrivateNetworks: true)
let before = cpuSeconds()
let clock = ContinuousClock()
let start = clock.now

/// Fetch and parse one URL: (1, entries) or (0, 0) on failure.
@Sendable func cycle(_ url: String) async -> (Int, Int) {
    do {
        let response = try await client.send(HTTPRequest(url: url, policy: policy))
        guard arguments.parse else { return (1, response.body.count) }
        let feed = try FeedParser(dates: FeedDateParser(now: Date())).parse(response.body, contentType: response.headers["Content-Type"], baseURL: response.effectiveURL)
        return (1, feed.entries.count)
    } catch {
        return (0, 0)
    }
}

// A sliding window of `window` fetches in flight, as the daemon's staggered sources give.
let (feeds, entries, failures) = await withTaskGroup(of: (Int, Int).self) { group in
    var pending = urls[...]
    for _ in 0..<min(arguments.window, pending.count) {
        let url = pending.removeFirst()
        group.addTask { await cycle(url) }
    }
    var feeds = 0, entries = 0, failures = 0
    for await (ok, count) in group {
        feeds += ok
        entries += count
        failures += 1 - ok
        if let url = pending.popFirst() { group.addTask { await cycle(url) } }
    }
    return (feeds, entries, failures)
}
let wall = clock.now - start
let after = cpuSeconds()
client.shutdown()
let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
let label = arguments.parse ? "yuqing: %d feeds, %d entries" : "yuqing transport only: %d feeds, %d bytes"
print(String(format: label + ", %d failures; wall %.3f s, user %.3f s, system %.3f s, peak RSS %.1f MB",
    feeds, entries, failures, wallSeconds, after.user - before.user, after.system - before.system, Double(after.peakKiB) / 1024))
