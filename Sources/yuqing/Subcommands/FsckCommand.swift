import ArgumentParser
import Daemon
import Foundation
import Storage

/// `yuqing fsck`: verifies every segment and index, and with `--repair` fixes what it can.
struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Verify stored segments and indexes; --repair fixes what it finds.",
        discussion: """
            Checking is read-only and safe while the daemon runs. --repair needs the data \
            directory's lock, so stop the daemon first. Exit status 1 when problems remain.
            """
    )

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Repair: cut torn tails, rebuild indexes, remove leftovers, quarantine unreadable lines.")
    var repair = false

    @Flag(help: "Print one JSON object per problem.")
    var json = false

    func run() throws {
        let config = try options.loadOrExit()
        var lock: DataDirectoryLock?
        if repair {
            do {
                lock = try DataDirectoryLock(dataDirectory: config.dataDirectory)
            } catch {
                FileHandle.standardError.write(Data("yuqing: cannot repair while the daemon runs: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        defer { _ = lock }
        let progress = ProgressLine.forTerminal("检查")
        let problems = SegmentCheck.check(dataDirectory: config.dataDirectory) { done, total, records in
            progress?.update(done: done, total: total, records: records)
        }
        progress?.finish()
        if json {
            for problem in problems { print(try JSONOutput.string(problem)) }
        } else if problems.isEmpty {
            print("检查完成：\(SegmentReader(dataDirectory: config.dataDirectory).segments().count) 个分段，没有发现问题。")
        } else {
            let table = TextTable(columns: ["文件", "问题", "说明", "可修复"])
            for problem in problems { table.add([problem.file, problem.kind.rawValue, problem.detail, problem.repairable ? "是" : "否"]) }
            table.print()
        }
        guard repair, !problems.isEmpty else {
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        for action in try SegmentCheck.repair(dataDirectory: config.dataDirectory, problems) { print("已修复：\(action)") }
        let remaining = SegmentCheck.check(dataDirectory: config.dataDirectory)
        if !remaining.isEmpty {
            print("仍有 \(remaining.count) 个问题：\(remaining.map { "\($0.file) \($0.kind.rawValue)" }.joined(separator: "; "))")
            throw ExitCode(1)
        }
        print("修复完成，复查没有问题。")
    }
}
