import Analysis
import Feeds
import Foundation
import Testing
import YuqingTesting

@testable import Storage

/// Start-up reads only what was stored after the saved positions.
struct CheckpointTests {
    @Test func readsOnlyRecordsAfterAPositionInPlainAndCompressedSegments() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        let writer = try SegmentWriter(dataDirectory: data)
        let t0 = SegmentLifecycleTests.t0
        try writer.append((0..<5).map { SegmentLifecycleTests.record("a\($0)") }, at: t0)
        let middle = try #require(writer.position)
        try writer.append((5..<8).map { SegmentLifecycleTests.record("a\($0)") }, at: t0)
        try writer.append([SegmentLifecycleTests.record("b0", at: t0.addingTimeInterval(86400))], at: t0.addingTimeInterval(86400))
        var ids: [String] = []
        try SegmentReader(dataDirectory: data).forEach(after: middle, since: .distantPast) { ids.append($0.id) }
        #expect(ids == ["a5", "a6", "a7", "b0"])
        try SegmentMaintenance.run(dataDirectory: data, compress: true)  // the first day is now .jsonl.gz
        ids = []
        try SegmentReader(dataDirectory: data).forEach(after: middle, since: .distantPast) { ids.append($0.id) }
        #expect(ids == ["a5", "a6", "a7", "b0"], "offsets count uncompressed bytes")
        // A new writer starts at the end of the stream.
        let reopened = try SegmentWriter(dataDirectory: data)
        ids = []
        try SegmentReader(dataDirectory: data).forEach(after: reopened.position, since: .distantPast) { ids.append($0.id) }
        #expect(ids.isEmpty)
    }

    @Test func storyIndexSnapshotRoundTrips() throws {
        let scratch = try TemporaryDirectory("storage")
        let data = scratch.path
        try FileManager.default.createDirectory(atPath: data + "/state", withIntermediateDirectories: true)
        var index = StoryIndex()
        let now = Date()
        index.insert(0xDEAD_BEEF_0000_0001, story: "s1", time: now)
        index.insert(0x0123_4567_89AB_CDEF, story: "故事2", time: now.addingTimeInterval(-60))
        index.insert(0x0000_0000_0000_0003, story: "old", time: now.addingTimeInterval(-8 * 86400))
        try StorySnapshot.save(index, position: SegmentPosition(segment: "2026-11-26.0001", offset: 42), dataDirectory: data)
        let (loaded, position) = try #require(StorySnapshot.load(dataDirectory: data, now: now))
        #expect(position == SegmentPosition(segment: "2026-11-26.0001", offset: 42))
        #expect(loaded.count == 2, "entries beyond the horizon are dropped")
        #expect(loaded.story(near: 0xDEAD_BEEF_0000_0003) == "s1")
        #expect(loaded.story(near: 0x0123_4567_89AB_CDEF) == "故事2")
        // An item's lede keeps its title and numbers through a snapshot, so an edited
        // repost still joins after a restart.
        var withLedes = StoryIndex()
        let original = StoryFingerprints(title: "国家防总启动防汛四级应急响应 部署南方强降雨防范工作", summary: "国家防汛抗旱总指挥部今天启动防汛四级应急响应，派出工作组赴江西、湖南指导强降雨防范应对工作。")
        #expect(withLedes.assign(original, newStory: "flood", time: now) == "flood")
        try StorySnapshot.save(withLedes, position: SegmentPosition(segment: "2026-11-26.0001", offset: 7), dataDirectory: data)
        let (restored, _) = try #require(StorySnapshot.load(dataDirectory: data, now: now))
        // Times are saved in whole seconds; everything else exactly.
        func kept(_ index: StoryIndex) -> [String] { index.allEntries.map { "\($0.fingerprint) \($0.story) \($0.title ?? 0) \($0.numbers ?? 1)" } }
        #expect(kept(restored) == kept(withLedes))
        let edited = StoryFingerprints(title: "突发：国家防总启动防汛四级响应 部署南方暴雨防范工作", summary: "国家防汛抗旱总指挥部今天启动防汛四级应急响应，派出工作组赴江西、湖南指导强降雨防范应对工作。")
        #expect(restored.story(near: edited) == "flood")
        // A snapshot of the first format (no flags byte) still loads.
        var first = Array("YQSTORY1\n".utf8) + Array(#"{"segment":"2026-11-26.0001","offset":3,"count":1}"#.utf8) + [0x0A]
        withUnsafeBytes(of: UInt64(0xDEAD_BEEF_0000_0001).littleEndian) { first += $0 }
        withUnsafeBytes(of: Int64(now.timeIntervalSince1970).littleEndian) { first += $0 }
        first += [2] + Array("s1".utf8)
        try Data(first).write(to: URL(fileURLWithPath: StorySnapshot.path(dataDirectory: data)))
        #expect(StorySnapshot.load(dataDirectory: data, now: now)?.0.story(near: 0xDEAD_BEEF_0000_0001) == "s1")
        // A snapshot of the second format keeps its whole-text entries; its ledes carried a
        // SimHash of the title, which no signature can be compared with, and are left out.
        var second = Array("YQSTORY2\n".utf8) + Array(#"{"segment":"2026-11-26.0001","offset":3,"count":2}"#.utf8) + [0x0A]
        for (fingerprint, title) in [(UInt64(0xDEAD_BEEF_0000_0001), UInt64?.none), (0x0123_4567_89AB_CDEF, 0x00FF_00FF_00FF_00FF)] {
            withUnsafeBytes(of: fingerprint.littleEndian) { second += $0 }
            withUnsafeBytes(of: Int64(now.timeIntervalSince1970).littleEndian) { second += $0 }
            second.append(title == nil ? 0 : 1)
            if let title { withUnsafeBytes(of: title.littleEndian) { second += $0 } }
            second += [2] + Array("s1".utf8)
        }
        try Data(second).write(to: URL(fileURLWithPath: StorySnapshot.path(dataDirectory: data)))
        let fromSecond = try #require(StorySnapshot.load(dataDirectory: data, now: now)?.0)
        #expect(fromSecond.allEntries.map(\.fingerprint) == [0xDEAD_BEEF_0000_0001])
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: StorySnapshot.path(dataDirectory: data)))
        #expect(StorySnapshot.load(dataDirectory: data, now: Date()) == nil)
    }
}
