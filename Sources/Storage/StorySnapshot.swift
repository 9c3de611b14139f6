import Analysis
import Foundation

/// The story index saved to `<data>/state/stories.bin` with the stream position it covers,
/// so that start-up reads only the items stored after it instead of seven days of segments.
///
/// Format: `YQSTORY3\n`, a JSON header line `{"segment":…,"offset":…,"count":…}`, then per
/// entry the fingerprint (8 bytes), the time in seconds (8 bytes, both little-endian), a
/// flags byte (1: a title signature follows, 8 bytes; 2: a numbers hash follows, 4 bytes),
/// those, the story id's length (1 byte) and its UTF-8 bytes. Older files are still read:
/// `YQSTORY2` (the same, but the title is a SimHash — those lede entries are left out, as
/// the signature cannot be made again from the hash) and `YQSTORY1` (no flags byte). Written
/// atomically like every state file.
public enum StorySnapshot {
    private static let magic = Array("YQSTORY3\n".utf8)
    private static let simHashTitlesMagic = Array("YQSTORY2\n".utf8)
    private static let firstMagic = Array("YQSTORY1\n".utf8)

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
            bytes.append((entry.title == nil ? 0 : 1) | (entry.numbers == nil ? 0 : 2))
            if let title = entry.title { withUnsafeBytes(of: title.littleEndian) { bytes += $0 } }
            if let numbers = entry.numbers { withUnsafeBytes(of: numbers.littleEndian) { bytes += $0 } }
            bytes.append(UInt8(story.count))
            bytes += story
        }
        try SystemCall.writeAtomically(bytes, to: path(dataDirectory: dataDirectory))
    }

    /// The saved index and its position, or nil when there is none or it is damaged.
    public static func load(dataDirectory: String, horizon: TimeInterval = 7 * 86400, now: Date) -> (StoryIndex, SegmentPosition)? {
        guard let data = FileManager.default.contents(atPath: path(dataDirectory: dataDirectory)) else { return nil }
        let bytes = [UInt8](data)
        let simHashTitles = bytes.starts(with: simHashTitlesMagic)
        let flagged = simHashTitles || bytes.starts(with: magic)
        guard flagged || bytes.starts(with: firstMagic), let newline = bytes[magic.count...].firstIndex(of: 0x0A),
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
            var saved = StoryIndex.SavedEntry(
                fingerprint: integer(offset), story: "", time: Date(timeIntervalSince1970: Double(Int64(bitPattern: integer(offset + 8)))))
            offset += 16
            if flagged {
                let flags = bytes[offset]
                offset += 1
                if flags & 1 != 0 {
                    guard offset + 8 <= bytes.count else { return nil }
                    saved.title = integer(offset)
                    offset += 8
                }
                if flags & 2 != 0 {
                    guard offset + 4 <= bytes.count else { return nil }
                    saved.numbers = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
                    offset += 4
                }
            }
            guard offset < bytes.count else { return nil }
            let length = Int(bytes[offset])
            guard offset + 1 + length <= bytes.count else { return nil }
            saved.story = String(decoding: bytes[(offset + 1)..<(offset + 1 + length)], as: UTF8.self)
            offset += 1 + length
            if saved.time >= cutoff, !(simHashTitles && saved.title != nil) { index.insert(saved) }
        }
        return (index, SegmentPosition(segment: header.segment, offset: header.offset))
    }
}
