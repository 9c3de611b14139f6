import Foundation

/// Reads stored items from the segment files, oldest segment first. Safe while the
/// daemon writes: a last line without its newline (a write in progress) is not read.
public struct SegmentReader: Sendable {
    public let directory: String

    public init(dataDirectory: String) {
        directory = dataDirectory + "/items"
    }

    /// Segment paths in time order.
    public func segments() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { directory + "/" + $0 }
    }

    /// Calls `body` with every whole record, in file order; records that do not decode
    /// (another schema, damage) are counted in the returned value and skipped.
    @discardableResult
    public func forEach(since: Date? = nil, _ body: (StoredItem) throws -> Void) throws -> Int {
        let decoder = RecordCoding.decoder()
        var skipped = 0
        let earliestDay = since.map { SegmentName.name(day: $0, sequence: 0).prefix(10) }
        for path in segments() {
            if let earliestDay, (path as NSString).lastPathComponent.prefix(10) < earliestDay { continue }
            skipped += try Self.forEach(inFile: path, decoder: decoder, body)
        }
        return skipped
    }

    /// Every whole record of one segment file, with rescored values from its
    /// `ScoreOverlay` applied unless `rescored` is false; returns how many lines did not
    /// decode.
    @discardableResult
    public static func forEach(
        inFile path: String, decoder: JSONDecoder = RecordCoding.decoder(), rescored: Bool = true,
        _ body: (StoredItem) throws -> Void
    ) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        let overlay = rescored ? ScoreOverlay.load(forSegment: path) : nil
        defer { try? handle.close() }
        var skipped = 0
        var pending = Data()
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = pending[pending.startIndex..<newline]
                pending = pending[pending.index(after: newline)...]
                guard !line.isEmpty else { continue }
                if let item = try? decoder.decode(StoredItem.self, from: line) {
                    try body(overlay?.apply(to: item) ?? item)
                } else {
                    skipped += 1
                }
            }
        }
        return skipped
    }
}
