import Foundation

/// What `yuqing fsck` verifies in `items/`, and how it repairs: every record of every
/// segment decodes, plain segments end with a whole line, compressed ones decompress to
/// the end, closed segments have an index that matches them, no temp files or plain
/// twins of compressed segments are left over, and no item id is stored twice.
public enum SegmentCheck {
    public enum Kind: String, Sendable, Codable {
        case tornTail = "torn-tail"
        case undecodable
        case damagedCompression = "damaged-gzip"
        case missingIndex = "missing-index"
        case staleIndex = "stale-index"
        case leftover
        case duplicateIDs = "duplicate-ids"
    }

    public struct Problem: Sendable, Codable, Equatable {
        public var file: String
        public var kind: Kind
        public var detail: String
        public var repairable: Bool
    }

    /// `progress` is called after each segment with bytes read, bytes in all, records read.
    public static func check(dataDirectory: String, progress: ((Int64, Int64, Int) -> Void)? = nil) -> [Problem] {
        let directory = dataDirectory + "/items"
        var problems: [Problem] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names.sorted() {
            if name.hasSuffix(".tmp") {
                problems.append(Problem(file: name, kind: .leftover, detail: "temp file of an interrupted write", repairable: true))
            } else if name.hasSuffix(".jsonl") && names.contains(name + ".gz") {
                problems.append(Problem(file: name, kind: .leftover, detail: "plain twin of a compressed segment", repairable: true))
            }
        }
        let segments = SegmentFiles.segments(in: directory)
        var seen = Set<String>()
        var duplicates = 0
        let sizes = segments.map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? NSNumber)?.int64Value ?? 0 }
        let total = sizes.reduce(0, +)
        var done: Int64 = 0
        for (offset, path) in segments.enumerated() {
            defer {
                done += sizes[offset]
                progress?(done, total, seen.count)
            }
            let name = (path as NSString).lastPathComponent
            if !path.hasSuffix(".gz"), let tail = tailBytes(path), tail != 0x0A {
                problems.append(Problem(file: name, kind: .tornTail, detail: "the last line is incomplete", repairable: true))
            }
            var records = 0
            do {
                let skipped = try SegmentReader.forEach(inFile: path, rescored: false) { item in
                    records += 1
                    if !seen.insert(item.id).inserted { duplicates += 1 }
                }
                if skipped > 0 {
                    problems.append(Problem(file: name, kind: .undecodable, detail: "\(skipped) lines are not records", repairable: true))
                }
            } catch {
                problems.append(Problem(file: name, kind: .damagedCompression, detail: "\(error) after \(records) records", repairable: true))
            }
            let isOpen = offset == segments.count - 1 && !path.hasSuffix(".gz")
            if !isOpen {
                if let index = SegmentIndex.load(forSegment: path) {
                    if index.records != records {
                        problems.append(Problem(file: name, kind: .staleIndex, detail: "index lists \(index.records) records, the segment has \(records)", repairable: true))
                    }
                } else {
                    problems.append(Problem(file: name, kind: .missingIndex, detail: "no index", repairable: true))
                }
            }
        }
        if duplicates > 0 {
            problems.append(Problem(file: "items/", kind: .duplicateIDs, detail: "\(duplicates) records repeat an id stored before", repairable: false))
        }
        return problems
    }

    /// Repairs what `check` found; the caller holds the data directory's lock. Lines that
    /// are not records and readable parts of damaged gzip files are kept in
    /// `<data>/quarantine/`; returns one line per action.
    public static func repair(dataDirectory: String, _ problems: [Problem]) throws -> [String] {
        let directory = dataDirectory + "/items"
        let quarantine = dataDirectory + "/quarantine"
        var actions: [String] = []
        for problem in problems where problem.repairable {
            let path = directory + "/" + problem.file
            switch problem.kind {
            case .leftover:
                try FileManager.default.removeItem(atPath: path)
                actions.append("removed \(problem.file)")
            case .tornTail:
                let fd = try SystemCall.check("open", path) { open(path, O_RDWR | O_CLOEXEC) }
                defer { close(fd) }
                try SegmentRepair.truncateTornTail(descriptor: fd, path: path)
                actions.append("cut the incomplete last line of \(problem.file)")
            case .undecodable, .damagedCompression:
                try SystemCall.makeDirectory(quarantine)
                let kept = try rewriteKeepingRecords(path, quarantine: quarantine)
                actions.append("rewrote \(problem.file) with its \(kept) readable records; the rest is in quarantine/")
            case .missingIndex, .staleIndex, .duplicateIDs:
                break
            }
        }
        // Indexes last, so they describe the repaired segments.
        try SegmentMaintenance.run(dataDirectory: dataDirectory, compress: false)
        let current = SegmentFiles.segments(in: directory)
        for problem in problems where problem.kind == .staleIndex || problem.kind == .missingIndex {
            guard let path = current.first(where: { SegmentFiles.base(of: $0) == SegmentFiles.base(of: problem.file) }) else { continue }
            try SegmentIndex.build(segment: path).save(forSegment: path)
            actions.append("rebuilt the index of \((path as NSString).lastPathComponent)")
        }
        return actions
    }

    /// Rewrites a segment as plain JSON Lines with only its decodable records (atomically);
    /// the original goes to quarantine.
    private static func rewriteKeepingRecords(_ path: String, quarantine: String) throws -> Int {
        let plain = path.hasSuffix(".gz") ? String(path.dropLast(3)) : path
        let temporary = plain + ".tmp"
        let encoder = RecordCoding.encoder()
        var bytes: [UInt8] = []
        var kept = 0
        _ = try? SegmentReader.forEach(inFile: path, rescored: false) { item in
            bytes += Array(try encoder.encode(item)) + [0x0A]
            kept += 1
        }
        let fd = try SystemCall.check("open", temporary) { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o640) }
        defer { close(fd) }
        try SystemCall.writeAll(fd, bytes, path: temporary)
        try SystemCall.check("fsync", temporary) { fsync(fd) }
        let name = (path as NSString).lastPathComponent
        try SystemCall.check("rename", path) { rename(path, quarantine + "/" + name) }
        try SystemCall.check("rename", plain) { rename(temporary, plain) }
        try SystemCall.syncDirectory((path as NSString).deletingLastPathComponent)
        try? FileManager.default.removeItem(atPath: SegmentIndex.path(forSegment: plain))
        return kept
    }

    private static func tailBytes(_ path: String) -> UInt8? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end > 0 else { return nil }
        try? handle.seek(toOffset: end - 1)
        return (try? handle.read(upToCount: 1))?.first
    }
}
