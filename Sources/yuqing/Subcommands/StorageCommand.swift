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
    }

    func run() throws {
        let config = try options.loadOrExit()
        let reader = SegmentReader(dataDirectory: config.dataDirectory)
        var segments: [Segment] = []
        for path in reader.segments() {
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
            var segment = Segment(file: (path as NSString).lastPathComponent, bytes: size, records: 0)
            try SegmentReader.forEach(inFile: path) { item in
                segment.records += 1
                segment.first = min(segment.first ?? item.fetched, item.fetched)
                segment.last = max(segment.last ?? item.fetched, item.fetched)
            }
            segments.append(segment)
        }
        if json {
            for segment in segments { print(try JSONOutput.string(segment)) }
            return
        }
        let table = TextTable(columns: ["文件", "大小", "条目", "最早", "最晚"])
        for segment in segments {
            table.add([
                segment.file, Self.size(segment.bytes), String(segment.records),
                segment.first.map { DisplayTime.string($0) } ?? "—", segment.last.map { DisplayTime.string($0) } ?? "—",
            ])
        }
        table.print()
        let bytes = segments.reduce(0) { $0 + $1.bytes }
        print("共 \(segments.count) 个文件，\(Self.size(bytes))，\(segments.reduce(0) { $0 + $1.records }) 条；数据目录 \(config.dataDirectory)")
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
            : bytes >= 1 << 10 ? String(format: "%.1f KiB", Double(bytes) / 1024) : "\(bytes) B"
    }
}
