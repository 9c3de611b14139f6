import Foundation

/// The files of the `items/` directory. A segment `2026-11-26.0001` is `…jsonl` while open
/// (or not yet compressed) and `…jsonl.gz` once compressed; beside it are its index
/// `…idx.json` and, after `yuqing rescore`, `…scores.json`. Names sort in time order.
public enum SegmentFiles {
    /// `2026-11-26.0001` for any of a segment's files.
    public static func base(of path: String) -> String {
        let name = (path as NSString).lastPathComponent
        for suffix in [".jsonl.gz", ".jsonl", ".idx.json", ".scores.json"] where name.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count))
        }
        return name
    }

    /// The day (`2026-11-26`) and sequence number of a segment file.
    static func dayAndSequence(of path: String) -> (day: String, sequence: Int)? {
        let parts = base(of: path).split(separator: ".")
        guard parts.count == 2, let sequence = Int(parts[1]) else { return nil }
        return (String(parts[0]), sequence)
    }

    /// Every segment in order, one path each: the `.jsonl.gz` when it exists (a `.jsonl`
    /// twin is a leftover of an interrupted compression), else the `.jsonl`.
    static func segments(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var byBase: [String: String] = [:]
        for name in names where name.hasSuffix(".jsonl") || name.hasSuffix(".jsonl.gz") {
            let key = base(of: name)
            if byBase[key] == nil || name.hasSuffix(".gz") { byBase[key] = name }
        }
        return byBase.keys.sorted().compactMap { byBase[$0].map { directory + "/" + $0 } }
    }
}
