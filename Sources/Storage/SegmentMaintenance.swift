import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Brings closed segments into their final form and tidies what a crash can leave: run at
/// start-up, after a segment closes, and hourly. For every segment but the open one (the
/// newest plain `.jsonl`): a `.jsonl` whose `.jsonl.gz` twin exists is removed (the twin is
/// only ever renamed into place complete); a missing or stale index is rebuilt; a plain
/// segment is compressed (to a temp file, fsynced, renamed, directory fsynced, then the
/// plain file removed). The open segment gets a partial index covering its current size.
/// Leftover `*.tmp` files are deleted.
public enum SegmentMaintenance {
    public struct Report: Sendable, Equatable {
        public var indexed: [String] = []
        public var compressed: [String] = []
        public var removed: [String] = []

        public var isEmpty: Bool { indexed.isEmpty && compressed.isEmpty && removed.isEmpty }

        public init() {}
    }

    /// Must run with the data directory's lock held (the daemon, or `fsck --repair`).
    @discardableResult
    public static func run(dataDirectory: String, compress: Bool) throws -> Report {
        let directory = dataDirectory + "/items"
        var report = Report()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasSuffix(".tmp") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
            report.removed.append(name)
        }
        for name in names where name.hasSuffix(".jsonl") && names.contains(name + ".gz") {
            try FileManager.default.removeItem(atPath: directory + "/" + name)
            report.removed.append(name)
        }
        var segments = SegmentFiles.segments(in: directory)
        if let open = segments.last, open.hasSuffix(".jsonl") {
            segments.removeLast()
            // The open segment gets an index of what it holds so far; queries read only the rest.
            // A torn tail is cut first, so that the index never covers bytes a later record
            // will overwrite.
            let fd = try SystemCall.check("open", open) { Glibc.open(open, O_RDWR | O_CLOEXEC) }
            defer { close(fd) }
            try SegmentRepair.truncateTornTail(descriptor: fd, path: open)
            var info = stat()
            let size = stat(open, &info) == 0 ? Int(info.st_size) : 0
            if (SegmentIndex.load(forSegment: open)?.coveredBytes ?? -1) < size {
                try SegmentIndex.buildPartial(segment: open).save(forSegment: open)
            }
        }
        for var path in segments {
            if SegmentIndex.load(forSegment: path).map({ $0.coveredBytes != nil }) ?? true {
                try SegmentIndex.build(segment: path).save(forSegment: path)
                report.indexed.append(SegmentFiles.base(of: path))
            }
            if compress && path.hasSuffix(".jsonl") {
                let temporary = path + ".gz.tmp"
                try Gzip.compress(file: path, to: temporary)
                try SystemCall.check("rename", path) { rename(temporary, path + ".gz") }
                try SystemCall.syncDirectory(directory)
                try FileManager.default.removeItem(atPath: path)
                try SystemCall.syncDirectory(directory)
                report.compressed.append((path as NSString).lastPathComponent)
                path += ".gz"
            }
        }
        return report
    }
}
