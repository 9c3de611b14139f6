import Analysis
import Feeds
import Foundation
import Testing
import YuqingTesting

@testable import Storage

struct StorageTests {
    static func record(_ id: String, title: String = "标题", at date: Date) -> StoredItem {
        let item = Item(id: id, sourceID: "src", url: "http://a.cn/\(id)", title: title, summary: "摘要", published: nil, fetched: date)
        return StoredItem(ScoredItem(item: item, topics: [TopicScore(topic: "T", score: 70, terms: ["标题"])], story: "s"))
    }

    @Test func appendAndReadBack() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        try writer.append([Self.record("a", title: "暴雨预警", at: now), Self.record("b", at: now)], at: now)
        try writer.append([Self.record("c", at: now.addingTimeInterval(86400))], at: now.addingTimeInterval(86400))
        let reader = SegmentReader(dataDirectory: data)
        #expect(reader.segments().count == 2, "a new segment per UTC day")
        var ids: [String] = []
        var titles: [String] = []
        try reader.forEach { ids.append($0.id); titles.append($0.title) }
        #expect(ids == ["a", "b", "c"])
        #expect(titles.first == "暴雨预警")
    }

    @Test func tornTailIsNotReadAndIsTruncatedOnNextOpen() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let path = try SegmentWriter(dataDirectory: data).append([Self.record("a", at: now)], at: now)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"v\":1,\"id\":\"torn".utf8))
        try handle.close()
        var count = 0
        try SegmentReader(dataDirectory: data).forEach { _ in count += 1 }
        #expect(count == 1)
        try SegmentWriter(dataDirectory: data).append([Self.record("b", at: now)], at: now)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("torn"))
        #expect(text.split(separator: "\n").count == 2)
    }

    @Test func stateFileIsReplacedAtomically() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let file = StateFile<[String: Int]>(path: data + "/state/x.json")
        #expect(try file.load() == nil)
        try file.save(["a": 1])
        try file.save(["a": 2])
        #expect(try file.load() == ["a": 2])
        #expect(!FileManager.default.fileExists(atPath: data + "/state/x.json.tmp"))
    }

    @Test func seenIdsSurviveRestartAndAreRecoveredFromSegments() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let store = try SourceStateStore(dataDirectory: data, now: Date())
        store.update("src") { $0.remember(["a"]); $0.etag = "\"e1\"" }
        try store.save()
        // "b" was stored but the state file never recorded it (crash in between).
        let now = Date()
        try SegmentWriter(dataDirectory: data).append([Self.record("b", at: now)], at: now)
        let reopened = try SourceStateStore(dataDirectory: data, recentSegments: SegmentReader(dataDirectory: data), now: now)
        #expect(reopened.hasSeen("a", source: "src"))
        #expect(reopened.hasSeen("b", source: "src"))
        #expect(!reopened.hasSeen("c", source: "src"))
        #expect(reopened.state(of: "src").etag == "\"e1\"")
    }

    @Test func seenListIsBounded() {
        var state = SourceState()
        state.remember((0..<(SourceState.seenCapacity + 10)).map(String.init))
        #expect(state.seen.count == SourceState.seenCapacity)
        #expect(state.seen.first == "10")
    }

    @Test func unwritableDirectoryIsAClearError() throws {
        #expect(throws: StorageError.self) { try SegmentWriter(dataDirectory: "/proc/yuqing-cannot-exist") }
    }
}

struct DataDirectoryLockTests {
    @Test func secondWriterIsRefusedUntilTheFirstLetsGo() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        var first: DataDirectoryLock? = try DataDirectoryLock(dataDirectory: data)
        #expect(first != nil)
        // flock locks belong to the open file description: a second open in this process conflicts too.
        #expect {
            _ = try DataDirectoryLock(dataDirectory: data)
        } throws: { error in
            (error as? DataDirectoryLock.Busy)?.description.contains("pid \(getpid())") == true
        }
        first = nil
        #expect(throws: Never.self) { _ = try DataDirectoryLock(dataDirectory: data) }
    }
}

struct SegmentRetentionTests {
    @Test func deletesClosedSegmentsByAgeAndSizeNeverTheNewest() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        for day in stride(from: 10, through: 0, by: -1) {
            let when = now.addingTimeInterval(-Double(day) * 86400)
            try writer.append([StorageTests.record("d\(day)", at: when)], at: when)
        }
        let reader = SegmentReader(dataDirectory: data)
        #expect(reader.segments().count == 11)
        let byAge = try SegmentRetention.apply(dataDirectory: data, limits: .init(maxAge: 5 * 86400), now: now)
        #expect(byAge.count == 5)
        #expect(reader.segments().count == 6)
        let size = ((try FileManager.default.attributesOfItem(atPath: reader.segments()[0]))[.size] as? Int) ?? 0
        let bySize = try SegmentRetention.apply(dataDirectory: data, limits: .init(maxAge: nil, maxBytes: size * 2), now: now)
        #expect(bySize.count == 4)
        #expect(reader.segments().count == 2)
        _ = try SegmentRetention.apply(dataDirectory: data, limits: .init(maxAge: 1, maxBytes: 1), now: now.addingTimeInterval(100 * 86400))
        #expect(reader.segments().count == 1, "the newest segment stays whatever the limits")
    }
}
