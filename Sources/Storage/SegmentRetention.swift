import Foundation

/// Deletes whole closed segments, oldest first: those older than the age limit, then more
/// until the total size fits the size limit. The newest segment (the one being written)
/// is never deleted.
public enum SegmentRetention {
    public struct Limits: Sendable, Equatable {
        /// Segments whose day ended more than this many seconds ago go.
        public var maxAge: TimeInterval?
        /// Total bytes of all segments.
        public var maxBytes: Int?

        public init(maxAge: TimeInterval? = 90 * 86400, maxBytes: Int? = nil) {
            self.maxAge = maxAge
            self.maxBytes = maxBytes
        }
    }

    /// Applies `limits`; returns the names of the deleted segments.
    @discardableResult
    public static func apply(dataDirectory: String, limits: Limits, now: Date) throws -> [String] {
        let reader = SegmentReader(dataDirectory: dataDirectory)
        var segments = reader.segments().map { path in
            (path: path, size: ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0)
        }
        guard segments.count > 1 else { return [] }
        let newest = segments.removeLast()
        var total = segments.reduce(newest.size) { $0 + $1.size }
        var deleted: [String] = []
        let cutoff = limits.maxAge.map { SegmentName.name(day: now.addingTimeInterval(-$0), sequence: 0).prefix(10) }
        for segment in segments {
            let name = (segment.path as NSString).lastPathComponent
            let tooOld = cutoff.map { name.prefix(10) < $0 } ?? false
            let tooBig = limits.maxBytes.map { total > $0 } ?? false
            guard tooOld || tooBig else { break }
            try FileManager.default.removeItem(atPath: segment.path)
            try? FileManager.default.removeItem(atPath: ScoreOverlay.path(forSegment: segment.path))
            try? FileManager.default.removeItem(atPath: SegmentIndex.path(forSegment: segment.path))
            total -= segment.size
            deleted.append(name)
        }
        if !deleted.isEmpty { try SystemCall.syncDirectory(reader.directory) }
        return deleted
    }
}
