import Foundation

/// A data directory filled the way a deployment fills it: `Tests/Servers/gen_report_stream.py`
/// writes two days of items ending now (syndicated stories, negative events with places,
/// hostile feed text) and `yuqing replay` stores them with a configuration of eight
/// sources (on a loopback port nothing listens on: a daemon's polls fail at once) and four
/// topics. For tests of what people read: reports and the web view.
public final class ReplayedData: @unchecked Sendable {
    public let scratch: TemporaryDirectory
    /// The configuration; its `storage.dir` is `data`.
    public let config: URL
    public let data: URL

    /// `extra` is appended to the configuration (a `metrics:` or `alerts:` section).
    public init(seed: Int, extra: String = "") async throws {
        scratch = try TemporaryDirectory("replayed")
        data = scratch.file("data")
        config = scratch.file("feeds.yml")
        let stream = scratch.file("stream.jsonl")
        let now = Date().formatted(.iso8601.year().month().day().time(includingFractionalSeconds: false).timeZone(separator: .omitted))
        let generated = try await Harness.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Harness.serversDirectory.appendingPathComponent("gen_report_stream.py").path, "--now", now, "--seed", String(seed)])
        guard generated.status == 0 else { throw Failure("gen_report_stream.py failed") }
        try generated.output.write(to: stream, atomically: true, encoding: .utf8)
        let replayInto = scratch.file("replayed")
        try write(dataDirectory: data.path, extra: extra)
        let replayed = try await Harness.runCLI(["replay", "--config", config.path, stream.path, "--into", replayInto.path])
        guard replayed.status == 0 else { throw Failure("replay failed: \(replayed.output)") }
        try FileManager.default.moveItem(at: replayInto, to: data)
    }

    private func write(dataDirectory: String, extra: String) throws {
        try """
            storage: { dir: \(dataDirectory) }
            analysis: { home_region: 330100 }
            network: { allow_private_networks: true }
            sources:
              - { id: xinhua, name: 新华网, url: "http://127.0.0.1:9/xinhua", tier: 央媒 }
              - { id: people, name: 人民网, url: "http://127.0.0.1:9/people", tier: 央媒 }
              - { id: zjol, name: 浙江在线, url: "http://127.0.0.1:9/zjol", tier: 省级 }
              - { id: hzrb, name: 杭州日报, url: "http://127.0.0.1:9/hzrb", tier: 市级, region: 330100 }
              - { id: weibo, name: 微博热议, url: "http://127.0.0.1:9/weibo", tier: 自媒体 }
              - { id: hzgov, name: 杭州市政府, url: "http://127.0.0.1:9/hzgov", tier: 政务 }
              - { id: qjwb, name: 钱江晚报, url: "http://127.0.0.1:9/qjwb", tier: 省级 }
              - { id: cztv, name: 浙江卫视, url: "http://127.0.0.1:9/cztv", tier: 省级 }
            topics:
              - { name: 校园, any: [学校, 学生, 小学] }
              - { name: 交通, any: [地铁, 公交, 工地, 交通] }
              - { name: 环保, any: [污染, 排放, 污水, 空气质量] }
              - { name: 医疗, any: [医院, 卫健委, 流感] }
            \(extra)
            """.write(to: config, atomically: true, encoding: .utf8)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
