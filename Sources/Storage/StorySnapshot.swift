import Analysis
import Foundation

/// The story index saved to `<data>/state/stories.bin` with the stream position it covers,
/// so that start-up reads only the items stored after it instead of seven days of segments.
///
/// Format: `YQSTORY1\n`, a JSON header line `{"segment":…,"offset":…,"count":…}`, then per
/// entry the fingerprint (8 bytes), the time in seconds (8 bytes, both little-endian), the
/// story id's length (1 byte) and its UTF-8 bytes. Written atomically like every state file.
public enum StorySnapshot {
    private static let magic = Array("YQSTORY1\n".utf8)

    struct Header: Codable {
        var segment: String
        var offset: Int
        var count: Int
    }

    public static func path(dataDirectory: String) -> String { dataDirectory + "/state/stories.bin" }

    public static func save(_ index: StoryIndex, position: SegmentPosition, dataDirectory: String) throws {
        let entries = index.allEntries
        var bytes = magic
        bytes += Array(try JSONEncoder().encode(Header(segment: position.segment, offset: position.offset, count: entries.count))) + [0x0A]
        bytes.reserveCapacity(bytes.count + entries.count * 40)
        for entry in entries {
            let story = Array(entry.story.utf8.prefix(255))
            withUnsafeBytes(of: entry.fingerprint.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: Int64(entry.time.timeIntervalSince1970).littleEndian) { bytes += $0 }
            bytes.append(UInt8(story.count))
            bytes += story
        }
        try SystemCall.writeAtomically(bytes, to: path(dataDirectory: dataDirectory))
    }

    /// The saved index and its position, or nil when there is none or it is damaged.
    public static func load(dataDirectory: String, horizon: TimeInterval = 7 * 86400, now: Date) -> (StoryIndex, SegmentPosition)? {
        guard let data = FileManager.default.contents(atPath: path(dataDirectory: dataDirectory)) else { return nil }
        let bytes = [UInt8](data)
        guard bytes.starts(with: magic), let newline = bytes[magic.count...].firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[magic.count..<newline]))
        else { return nil }
        var index = StoryIndex(horizon: horizon)
        let cutoff = now.addingTimeInterval(-horizon)
        var offset = newline + 1
        func integer(_ at: Int) -> UInt64 {
            var value: UInt64 = 0
            for shift in 0..<8 { value |= UInt64(bytes[at + shift]) << (8 * UInt64(shift)) }
            return value
        }
        for _ in 0..<header.count {
            guard offset + 17 <= bytes.count else { return nil }
            let fingerprint = integer(offset)
            let time = Date(timeIntervalSince1970: Double(Int64(bitPattern: integer(offset + 8))))
            let length = Int(bytes[offset + 16])
            guard offset + 17 + length <= bytes.count else { return nil }
            let story = String(decoding: bytes[(offset + 17)..<(offset + 17 + length)], as: UTF8.self)
            offset += 17 + length
            if time >= cutoff { index.insert(fingerprint, story: story, time: time) }
        }
        return (index, SegmentPosition(segment: header.segment, offset: header.offset))
    }
}
