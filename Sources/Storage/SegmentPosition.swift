import Foundation

/// A place in the item stream: just after `offset` bytes (uncompressed) of the segment
/// `segment` (a base name such as `2026-11-26.0001`). State saved with a position covers
/// every record before it, so start-up reads only what was written after.
public struct SegmentPosition: Sendable, Codable, Equatable {
    public var segment: String
    public var offset: Int

    public init(segment: String, offset: Int) {
        self.segment = segment
        self.offset = offset
    }

    /// The checkpoint file of one kind of state, `<data>/state/<name>.position.json`.
    public static func file(dataDirectory: String, name: String) -> StateFile<SegmentPosition> {
        StateFile(path: dataDirectory + "/state/" + name + ".position.json")
    }
}

extension SegmentReader {
    /// Every record after `position` (all records when it is nil), in order; `since` skips
    /// segments of earlier days when there is no position.
    public func forEach(after position: SegmentPosition?, since: Date, _ body: (StoredItem) throws -> Void) throws {
        guard let position else {
            try forEach(since: since) { try body($0) }
            return
        }
        for path in segments() {
            let base = SegmentFiles.base(of: path)
            if base < position.segment { continue }
            let offset = base == position.segment ? position.offset : 0
            try Self.forEach(inFile: path, fromOffset: UInt64(offset), body)
        }
    }
}
