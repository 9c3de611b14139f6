import Analysis
import Feeds
import Foundation
import Testing
import YuqingTesting

@testable import Storage

/// Rotation, compression, indexes, fsck.
struct SegmentLifecycleTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func record(_ id: String, topic: String = "汛情", source: String = "src", story: String? = nil, opens: Bool = true, at date: Date = t0) -> StoredItem {
        let item = Item(id: id, sourceID: source, url: "http://a.cn/\(id)", title: "标题 \(id)", summary: String(repeating: "摘要", count: 20), published: nil, fetched: date)
        var scored = ScoredItem(item: item, topics: [TopicScore(topic: topic, score: 70, terms: ["暴雨"])], story: story ?? id)
        scored.opensStory = opens
        return StoredItem(scored)
    }

    @Test func rotatesBySizeAtTheBoundary() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data, maxSegmentBytes: 1 << 16)
        let size = Array(try RecordCoding.encoder().encode(Self.record("x0000"))).count + 1
        let perSegment = ((1 << 16) + size - 1) / size  // batches land until the file reaches the limit
        for index in 0..<(perSegment * 2 + 3) {
            try writer.append([Self.record(String(format: "x%04d", index))], at: Self.t0)
        }
        let segments = SegmentReader(dataDirectory: data).segments()
        #expect(segments.map { String(($0 as NSString).lastPathComponent.suffix(10)) } == ["0001.jsonl", "0002.jsonl", "0003.jsonl"])
        let sizes = segments.map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? Int) ?? 0 }
        #expect(sizes[0] >= 1 << 16 && sizes[0] < (1 << 16) + size, "a segment closes at the first batch that reaches the limit")
        #expect(writer.takeClosed())
        #expect(!writer.takeClosed())
        var count = 0
        try SegmentReader(dataDirectory: data).forEach { _ in count += 1 }
        #expect(count == perSegment * 2 + 3)
    }

    @Test func closedSegmentsAreIndexedAndCompressedAndStillRead() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        // 50 stories, each opened by its first item and re-posted three times.
        try writer.append((0..<200).map { Self.record("a\($0)", topic: $0 % 2 == 0 ? "汛情" : "食品安全", story: "s\($0 % 50)", opens: $0 < 50) }, at: Self.t0)
        try writer.append([Self.record("b0", at: Self.t0.addingTimeInterval(86400))], at: Self.t0.addingTimeInterval(86400))
        #expect(writer.takeClosed(), "the day changed")
        let report = try SegmentMaintenance.run(dataDirectory: data, compress: true)
        #expect(report.compressed.count == 1 && report.indexed.count == 1)
        let segments = SegmentReader(dataDirectory: data).segments()
        #expect(segments.count == 2)
        #expect(segments[0].hasSuffix(".jsonl.gz") && segments[1].hasSuffix(".jsonl"), "the open segment stays plain")
        var ids: [String] = []
        try SegmentReader(dataDirectory: data).forEach { ids.append($0.id) }
        #expect(ids.count == 201 && ids.first == "a0" && ids.last == "b0")

        let index = try #require(SegmentIndex.load(forSegment: segments[0]))
        #expect(index.records == 200)
        #expect(index.from == Self.t0 && index.to == Self.t0)
        #expect(index.bucketStart == Int(Self.t0.timeIntervalSince1970) / 300 * 300 && index.buckets == 1)
        #expect(index.items == [200] && index.stories == [50])
        #expect(index.topicItems["汛情"] == [100] && index.topicStories["汛情"] == [25])
        #expect(index.sourceItems["src"] == [200])
        #expect(index.mayContain("a17") && !index.mayContain("zz-not-there"))
        #expect(index.rawBytes > 0)
        let compressed = ((try? FileManager.default.attributesOfItem(atPath: segments[0]))?[.size] as? Int) ?? 0
        #expect(compressed * 10 < index.rawBytes, "repetitive records compress well")

        // zcat reads it: the file is plain gzip.
        let zcat = Process()
        zcat.executableURL = URL(fileURLWithPath: "/bin/sh")
        zcat.arguments = ["-c", "gzip -dc '\(segments[0])' | wc -l"]
        let pipe = Pipe()
        zcat.standardOutput = pipe
        try zcat.run()
        zcat.waitUntilExit()
        #expect(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "200")

        // Maintenance again has nothing to do.
        #expect(try SegmentMaintenance.run(dataDirectory: data, compress: true).isEmpty)
    }

    @Test func interruptedCompressionAndLeftoversAreCleanedUp() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        try writer.append([Self.record("a")], at: Self.t0)
        try writer.append([Self.record("b", at: Self.t0.addingTimeInterval(86400))], at: Self.t0.addingTimeInterval(86400))
        let first = SegmentReader(dataDirectory: data).segments()[0]
        // A crash after the .gz was renamed into place but before the plain file went.
        try Gzip.compress(file: first, to: first + ".gz")
        try Data("partial".utf8).write(to: URL(fileURLWithPath: data + "/items/x.jsonl.gz.tmp"))
        #expect(SegmentReader(dataDirectory: data).segments()[0].hasSuffix(".gz"), "readers prefer the complete .gz")
        let problems = SegmentCheck.check(dataDirectory: data)
        #expect(problems.filter { $0.kind == .leftover }.count == 2)
        let report = try SegmentMaintenance.run(dataDirectory: data, compress: true)
        #expect(report.removed.sorted() == [(first as NSString).lastPathComponent, "x.jsonl.gz.tmp"].sorted())
        #expect(SegmentCheck.check(dataDirectory: data).isEmpty)
    }

    @Test func fsckFindsAndRepairsDamage() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        try writer.append((0..<10).map { Self.record("a\($0)") }, at: Self.t0)
        try writer.append([Self.record("b0", at: Self.t0.addingTimeInterval(86400))], at: Self.t0.addingTimeInterval(86400))
        try SegmentMaintenance.run(dataDirectory: data, compress: false)
        let segments = SegmentReader(dataDirectory: data).segments()
        // Damage: a garbage line in the closed segment (its index is now stale too), a torn
        // tail on the open one, and a deleted index.
        let closed = try #require(FileHandle(forWritingAtPath: segments[0]))
        try closed.seekToEnd()
        try closed.write(contentsOf: Data("{not json}\n".utf8))
        try closed.close()
        let open = try #require(FileHandle(forWritingAtPath: segments[1]))
        try open.seekToEnd()
        try open.write(contentsOf: Data("{\"v\":1,\"id\":\"tor".utf8))
        try open.close()
        let problems = SegmentCheck.check(dataDirectory: data)
        #expect(Set(problems.map(\.kind)) == [.undecodable, .tornTail])
        try FileManager.default.removeItem(atPath: SegmentIndex.path(forSegment: segments[0]))
        #expect(SegmentCheck.check(dataDirectory: data).contains { $0.kind == .missingIndex })

        let actions = try SegmentCheck.repair(dataDirectory: data, SegmentCheck.check(dataDirectory: data))
        #expect(!actions.isEmpty)
        #expect(SegmentCheck.check(dataDirectory: data).isEmpty)
        var count = 0
        try SegmentReader(dataDirectory: data).forEach { _ in count += 1 }
        #expect(count == 11, "every whole record survives the repair")
        #expect(FileManager.default.fileExists(atPath: data + "/quarantine/" + (segments[0] as NSString).lastPathComponent))
    }

    @Test func damagedGzipIsReportedAndSalvaged() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        try writer.append((0..<2000).map { Self.record("a\($0)") }, at: Self.t0)
        try writer.append([Self.record("b0", at: Self.t0.addingTimeInterval(86400))], at: Self.t0.addingTimeInterval(86400))
        try SegmentMaintenance.run(dataDirectory: data, compress: true)
        let gz = SegmentReader(dataDirectory: data).segments()[0]
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: gz))  // cut in half
        let problems = SegmentCheck.check(dataDirectory: data)
        #expect(problems.contains { $0.kind == .damagedCompression })
        _ = try SegmentCheck.repair(dataDirectory: data, problems)
        #expect(SegmentCheck.check(dataDirectory: data).isEmpty)
        var count = 0
        try SegmentReader(dataDirectory: data).forEach { _ in count += 1 }
        #expect(count > 100 && count < 2001, "the readable first part is kept: \(count)")
    }
}
