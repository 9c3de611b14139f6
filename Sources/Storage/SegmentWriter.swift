import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Appends items to the open segment, `<data>/items/YYYY-MM-DD.NNNN.jsonl` (UTC day of the
/// batch), one JSON object per line. A new segment starts with each UTC day and when the
/// open one has reached `maxSegmentBytes` (the next sequence number of the day).
///
/// A batch is written with one `write` per record and one `fsync`: when `append` returns,
/// the whole batch is durable. If the write fails part-way, the partial tail is cut off
/// again so the file stays a sequence of whole lines.
public final class SegmentWriter {
    public let directory: String
    public let maxSegmentBytes: Int
    private var openPath: String?
    private var descriptor: Int32 = -1
    /// Set when a segment was closed (by day or size) since the last `takeClosed()`.
    private var closed = false
    /// Just after the last record written.
    public private(set) var position: SegmentPosition?

    /// False only for scratch directories (`yuqing replay`): batches are not fsynced.
    public let durable: Bool

    public init(dataDirectory: String, maxSegmentBytes: Int = 64 << 20, durable: Bool = true) throws {
        directory = dataDirectory + "/items"
        self.maxSegmentBytes = maxSegmentBytes
        self.durable = durable
        try SystemCall.makeDirectory(directory)
        // Start where the stream ends: the newest plain segment, with a torn tail cut off now
        // (so that no later record can land before this position).
        if let newest = SegmentFiles.segments(in: directory).last, newest.hasSuffix(".jsonl") {
            try open(newest)
            position = SegmentPosition(segment: SegmentFiles.base(of: newest), offset: Int(lseek(descriptor, 0, SEEK_END)))
        } else if let newest = SegmentFiles.segments(in: directory).last {
            position = SegmentPosition(segment: SegmentFiles.base(of: newest), offset: Int.max)
        }
    }

    /// True once after a segment was closed: time to index and compress it.
    public func takeClosed() -> Bool {
        defer { closed = false }
        return closed
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends `items` and fsyncs; returns the segment path written to.
    @discardableResult
    public func append(_ items: [StoredItem], at now: Date) throws -> String {
        let path = try target(day: now)
        try open(path)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(items.count * 768)
        for item in items {
            StoredItemEncoder.append(item, to: &bytes)
            bytes.append(0x0A)
        }
        let start = lseek(descriptor, 0, SEEK_END)
        do {
            try SystemCall.writeAll(descriptor, bytes, path: path)
            // fdatasync: the data and the file size (what reading it back needs), not the times.
            if durable { try SystemCall.check("fdatasync", path) { fdatasync(descriptor) } }
        } catch {
            if start >= 0 { ftruncate(descriptor, start) }
            throw error
        }
        position = SegmentPosition(segment: SegmentFiles.base(of: path), offset: Int(start) + bytes.count)
        return path
    }

    /// The segment to append to: the open one while it is today's and not full, else today's
    /// newest plain segment if not full, else a new sequence number.
    private func target(day: Date) throws -> String {
        let prefix = String(SegmentName.name(day: day, sequence: 0).prefix(10))
        if let openPath, (openPath as NSString).lastPathComponent.hasPrefix(prefix), size(of: openPath) < maxSegmentBytes {
            return openPath
        }
        if openPath != nil { closed = true }
        let todays = SegmentFiles.segments(in: directory).filter { ($0 as NSString).lastPathComponent.hasPrefix(prefix) }
        if let last = todays.last, last.hasSuffix(".jsonl"), size(of: last) < maxSegmentBytes { return last }
        let sequence = (todays.last.flatMap { SegmentFiles.dayAndSequence(of: $0)?.sequence } ?? 0) + 1
        if !todays.isEmpty { closed = true }
        return directory + "/" + SegmentName.name(day: day, sequence: sequence)
    }

    private func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    private func open(_ path: String) throws {
        if path == openPath { return }
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        openPath = nil
        let isNew = !FileManager.default.fileExists(atPath: path)
        descriptor = try SystemCall.check("open", path) {
            Glibc.open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        }
        openPath = path
        try SegmentRepair.truncateTornTail(descriptor: descriptor, path: path)
        if isNew { try SystemCall.syncDirectory(directory) }
    }
}

/// Segment file names: `2026-11-26.0001.jsonl`, sortable by name.
public enum SegmentName {
    public static func name(day: Date, sequence: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        let sequenceText = String(sequence)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0) + "."
            + String(repeating: "0", count: max(0, 4 - sequenceText.count)) + sequenceText + ".jsonl"
    }
}

/// Recovery of a segment whose last line was cut off by a crash.
enum SegmentRepair {
    /// Cuts the file back to just after its last newline.
    static func truncateTornTail(descriptor: Int32, path: String) throws {
        let size = lseek(descriptor, 0, SEEK_END)
        guard size > 0 else { return }
        var position = size
        var byte: UInt8 = 0
        while position > 0 {
            let read = pread(descriptor, &byte, 1, position - 1)
            guard read == 1 else { return }
            if byte == 0x0A { break }
            position -= 1
        }
        if position < size {
            try SystemCall.check("ftruncate", path) { ftruncate(descriptor, position) }
            try SystemCall.check("fsync", path) { fsync(descriptor) }
        }
    }
}
