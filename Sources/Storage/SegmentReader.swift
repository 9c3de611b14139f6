import Foundation

/// Reads stored items from the segment files, oldest segment first. Safe while the
/// daemon writes: a last line without its newline (a write in progress) is not read.
public struct SegmentReader: Sendable {
    public let directory: String

    public init(dataDirectory: String) {
        directory = dataDirectory + "/items"
    }

    /// Segment paths in time order (compressed ones as `.jsonl.gz`).
    public func segments() -> [String] {
        SegmentFiles.segments(in: directory)
    }

    /// Calls `body` with every whole record, in file order; records that do not decode
    /// (another schema, damage) are counted in the returned value and skipped.
    @discardableResult
    public func forEach(since: Date? = nil, _ body: (StoredItem) throws -> Void) throws -> Int {
        let decoder = RecordCoding.decoder()
        var skipped = 0
        for path in segments(since: since) {
            skipped += try Self.forEach(inFile: path, decoder: decoder, body)
        }
        return skipped
    }

    /// The segments that may hold items fetched at or after `since` (all when nil): later
    /// days than its day, and segments whose index does not end before it.
    public func segments(since: Date?) -> [String] {
        guard let since else { return segments() }
        let earliestDay = SegmentName.name(day: since, sequence: 0).prefix(10)
        return segments().filter { path in
            if (path as NSString).lastPathComponent.prefix(10) < earliestDay { return false }
            if let index = SegmentIndex.load(forSegment: path), index.coveredBytes == nil, let to = index.to, to < since { return false }
            return true
        }
    }

    /// Every whole record of one segment file, with rescored values from its
    /// `ScoreOverlay` and hand-set sentiments from the `LabelOverlay` applied unless
    /// `rescored` is false; returns how many lines did not decode.
    @discardableResult
    public static func forEach(
        inFile path: String, decoder: JSONDecoder = RecordCoding.decoder(), rescored: Bool = true, fromOffset offset: UInt64 = 0,
        _ body: (StoredItem) throws -> Void
    ) throws -> Int {
        let overlay = rescored ? ScoreOverlay.load(forSegment: path) : nil
        let labels = rescored ? LabelOverlay.load(forSegment: path) : nil
        var skipped = 0
        var pending: [UInt8] = []
        func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            pending.append(contentsOf: bytes)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                let line = pending[start..<newline]
                start = newline + 1
                guard !line.isEmpty else { continue }
                // Foundation only for a line the fast reader does not take.
                let fast = line.withUnsafeBufferPointer(StoredItemDecoder.decode)
                if let item = fast ?? (try? decoder.decode(StoredItem.self, from: Data(line))) {
                    let rescored = overlay?.apply(to: item) ?? item
                    try body(labels?.apply(to: rescored) ?? rescored)
                } else {
                    skipped += 1
                }
            }
            pending.removeFirst(start)
        }
        if path.hasSuffix(".gz") {
            var toSkip = Int(offset)
            try Gzip.decompress(file: path) { chunk in
                guard toSkip > 0 else { return try consume(chunk) }
                let skip = min(toSkip, chunk.count)
                toSkip -= skip
                if skip < chunk.count { try consume(UnsafeBufferPointer(rebasing: chunk[skip...])) }
            }
            return skipped
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            // Compressed (and the plain file removed) since the directory was listed.
            let twin = path + ".gz"
            return FileManager.default.fileExists(atPath: twin) ? try forEach(inFile: twin, decoder: decoder, rescored: rescored, fromOffset: offset, body) : 0
        }
        defer { try? handle.close() }
        if offset > 0 { try handle.seek(toOffset: offset) }
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty {
            try chunk.withUnsafeBytes { try consume($0.bindMemory(to: UInt8.self)) }
        }
        return skipped
    }
}
