import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing storage`: the segment files, their sizes, records and time ranges.
struct StorageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "List the stored segment files with sizes, record counts and time ranges."
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Print one JSON object per segment.")
    var json = false

    struct Segment: Encodable {
        var file: String
        var bytes: Int
        var records: Int
        var first: Date?
        var last: Date?
        var raw_bytes: Int?
        var indexed: Bool
    }

    func run() throws {
        let config = try options.loadOrExit()
        let reader = SegmentReader(dataDirectory: config.dataDirectory)
        var segments: [Segment] = []
        for path in reader.segments() {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
            var segment = Segment(file: (path as NSString).lastPathComponent, bytes: size, records: 0, indexed: false)
            if let index = SegmentIndex.load(forSegment: path), index.coveredBytes == nil {
                // A closed segment: its index has the figures, nothing to decompress.
                (segment.records, segment.first, segment.last, segment.raw_bytes, segment.indexed) = (index.records, index.from, index.to, index.rawBytes, true)
            } else {
                try SegmentReader.forEach(inFile: path) { item in
                    segment.records += 1
                    segment.first = min(segment.first ?? item.fetched, item.fetched)
                    segment.last = max(segment.last ?? item.fetched, item.fetched)
                }
                segment.raw_bytes = path.hasSuffix(".gz") ? nil : size
            }
            segments.append(segment)
        }
        if json {
            for segment in segments { print(try JSONOutput.string(segment)) }
            return
        }
        let table = TextTable(columns: ["文件", "大小", "原始大小", "条目", "索引", "最早", "最晚"])
        for segment in segments {
            table.add([
                segment.file, Self.size(segment.bytes), segment.raw_bytes.map(Self.size) ?? "—", String(segment.records),
                segment.indexed ? "有" : "—",
                segment.first.map { DisplayTime.string($0) } ?? "—", segment.last.map { DisplayTime.string($0) } ?? "—",
            ])
        }
        table.print()
        let bytes = segments.reduce(0) { $0 + $1.bytes }
        let raw = segments.reduce(0) { $0 + ($1.raw_bytes ?? $1.bytes) }
        let ratio = raw > bytes ? "（原始 \(Self.size(raw))，压缩后为 \(Int((Double(bytes) * 100 / Double(raw)).rounded()))%）" : ""
        print("共 \(segments.count) 个分段，\(Self.size(bytes))\(ratio)，\(segments.reduce(0) { $0 + $1.records }) 条；数据目录 \(config.dataDirectory)")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
            : bytes >= 1 << 10 ? String(format: "%.1f KiB", Double(bytes) / 1024) : "\(bytes) B"
    }
}
