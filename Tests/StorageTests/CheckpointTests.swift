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
        try Data("damaged".utf8).write(to: URL(fileURLWithPath: StorySnapshot.path(dataDirectory: data)))
        #expect(StorySnapshot.load(dataDirectory: data, now: Date()) == nil)
    }
}
