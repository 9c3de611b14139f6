import Foundation
import Testing
import YuqingTesting

/// The daemon under SIGKILL and on a full disk, with a generator feeding it new items.
@Suite(.serialized)
struct StorageStressTests {
    struct Hook: Decodable {
        var key: String?
        var item: String?
    }

    struct Record: Decodable {
        var id: String
    }

    static func config(http: String, data: URL, sources: Int, pad: Int, segmentSize: String) -> String {
        let list = (0..<sources).map { "  - { id: gen\($0), url: \"\(http)/gen/\($0)?n=40&pad=\(pad)\" }" }.joined(separator: "\n")
        return """
            storage: { dir: \(data.path), segment_size: \(segmentSize) }
            network: { allow_private_networks: true }
            defaults: { interval: 1s }
            sources:
            \(list)
            topics:
              - { name: 食品安全, query: 食品安全 }
            alerts:
              channels:
                hook: { type: webhook, url: "\(http)/hook" }
              rules:
                - { name: 全部, kind: item, min_score: 0, send: [hook], group_wait: 0s, group_interval: 0s }
            """
    }

    static func hooks(_ server: PythonServer) -> [Hook] {
        guard let text = try? String(contentsOf: server.stateDirectory.appendingPathComponent("hook.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Hook.self, from: Data($0.utf8)) }
    }

    static func storedIDs(_ config: URL) async throws -> [String] {
        let output = try await Harness.runCLI(["items", "--config", config.path, "--json", "--since", "1d", "--limit", "1000000"]).output
        return try output.split(separator: "\n").map { try JSONDecoder().decode(Record.self, from: Data($0.utf8)).id }
    }

    @Test func thirtyKillsLoseNothingAcknowledgedAndDuplicateNothing() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await PythonServer(script: "gen_feed.py", directory: directory)
        defer { server.stop() }
        let http = "http://127.0.0.1:\(server.ports["http"] ?? 0)"
        let file = directory.appendingPathComponent("feeds.yml")
        try Self.config(http: http, data: directory.appendingPathComponent("data"), sources: 4, pad: 200, segmentSize: "64KiB")
            .write(to: file, atomically: true, encoding: .utf8)

        var generator = SystemRandomNumberGenerator()
        for round in 0..<30 {
            let daemon = try Daemon(config: file, environment: [:], log: directory.appendingPathComponent("run\(round).log"))
            // Every third kill lands during start-up (recovery of what the last kill left);
            // the others at a random point once it runs, counted from then: on a busy machine
            // start-up alone can outlast a fixed delay, and no round would ingest anything.
            if round % 3 != 0 {
                _ = try await Harness.waitUntil(seconds: 30) { daemon.logText.contains("monitoring") }
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 100...1500, using: &generator)))
            kill(daemon.process.processIdentifier, SIGKILL)
            daemon.process.waitUntilExit()
            #expect(daemon.process.terminationReason == .uncaughtSignal, "round \(round): the daemon was running when killed")
        }
        let acknowledgedBeforeSettling = Set(Self.hooks(server).compactMap(\.item))
        #expect(acknowledgedBeforeSettling.count > 100, "the daemon ingested between kills: \(acknowledgedBeforeSettling.count)")

        // What the last kill left: only what the next start-up repairs.
        let fsck = try await Harness.runCLI(["fsck", "--config", file.path, "--json"])
        #expect(fsck.output.split(separator: "\n").allSatisfy { line in
            ["torn-tail", "missing-index", "stale-index", "leftover"].contains { line.contains($0) }
        }, "only what the next start-up repairs may remain after a kill: \(fsck.output)")

        // A last clean run, with the feeds paused, recovers and lets the outbox drain; then
        // nothing may be missing or repeated.
        try Data().write(to: server.stateDirectory.appendingPathComponent("paused"))
        let final = try Daemon(config: file, environment: [:], log: directory.appendingPathComponent("final.log"))
        // Settling is judged once it runs (recovery done, signals handled), not while it starts.
        let started = try await Harness.waitUntil(seconds: 60) { final.logText.contains("monitoring") }
        #expect(started, "\(final.logText.suffix(2000))")
        var lastCount = -1
        let settled = try await Harness.waitUntil(seconds: 60) {
            let pending = try await Harness.runCLI(["alerts", "--config", file.path, "--state", "pending", "--json"]).output
            let count = Self.hooks(server).count
            defer { lastCount = count }
            return pending.isEmpty && count >= acknowledgedBeforeSettling.count && count == lastCount
        }
        #expect(settled)
        let status = try await final.terminate()
        #expect(status == 0)
        let repaired = try await Harness.runCLI(["fsck", "--config", file.path, "--repair"])
        #expect(repaired.status == 0, "\(repaired.output)")
        let stored = try await Self.storedIDs(file)
        #expect(Set(stored).count == stored.count, "no item is stored twice")
        let acknowledged = Set(Self.hooks(server).compactMap(\.item))
        #expect(acknowledged.isSubset(of: Set(stored)), "every item whose alert went out (so whose batch was durable) is stored")
        #expect(Set(stored).isSubset(of: acknowledged), "every stored item was alerted (at least once)")
        #expect(stored.count > 500)
    }

    @Test func fullDiskDamagesNothingAndIngestionResumes() async throws {
        let directory = try Harness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        guard let disk = SmallDisk.mount(size: "1m", at: data.path) else {
            print("skipped: cannot mount a size-limited tmpfs here (needs root or CAP_SYS_ADMIN)")
            return
        }
        defer { disk.unmount() }
        let server = try await PythonServer(script: "gen_feed.py", directory: directory)
        defer { server.stop() }
        let http = "http://127.0.0.1:\(server.ports["http"] ?? 0)"
        let file = directory.appendingPathComponent("feeds.yml")
        try Self.config(http: http, data: data, sources: 2, pad: 1500, segmentSize: "256KiB").write(to: file, atomically: true, encoding: .utf8)
        let daemon = try Daemon(config: file, environment: [:], log: directory.appendingPathComponent("run.log"))
        defer { kill(daemon.process.processIdentifier, SIGKILL) }

        let full = try await Harness.waitUntil(seconds: 60) { daemon.logText.contains("No space left on device") }
        #expect(full, "the disk filled up")
        // It goes on polling (and failing to store) rather than stopping.
        let goesOn = try await Harness.waitUntil(seconds: 30) { daemon.logText.components(separatedBy: "No space left on device").count > 3 }
        #expect(goesOn && daemon.process.isRunning, "a full disk does not stop the daemon")
        let before = try await Self.storedIDs(file)
        #expect(!before.isEmpty)
        let check = try await Harness.runCLI(["fsck", "--config", file.path, "--json"])
        #expect(!check.output.contains("undecodable") && !check.output.contains("damaged-gzip") && !check.output.contains("torn-tail"),
                "nothing stored is damaged: \(check.output)")

        // Space returns: ingestion resumes by itself.
        #expect(disk.resize(to: "64m"))
        let resumed = try await Harness.waitUntil(seconds: 30) { (try await Self.storedIDs(file)).count > before.count + 40 }
        #expect(resumed)
        let after = try await Self.storedIDs(file)
        #expect(Set(before).isSubset(of: Set(after)))
        #expect(Set(after).count == after.count)
        #expect(daemon.process.isRunning)
    }

}
