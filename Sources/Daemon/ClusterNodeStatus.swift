import Foundation
import Reports
import Storage

/// What a cluster node says about itself, kept in `<data>/cluster/status.json` for
/// `yuqing sources` and in `/healthz`: its buckets, and whether it runs degraded
/// (PostgreSQL unreachable: polling the buckets it held, items and alerts kept in its
/// journal until the database answers).
public struct ClusterNodeStatus: Sendable, Codable, Equatable {
    public var node: String
    public var buckets: Int
    /// Since when PostgreSQL has not answered; nil while it answers.
    public var degradedSince: Date?
    /// Batches and items waiting in the journal.
    public var pendingBatches: Int
    public var pendingItems: Int
    /// Items the fence turned away, waiting to be written again (`ClusterParking`).
    public var parkedItems: Int?
    public var updated: Date

    public static func file(dataDirectory: String) -> StateFile<ClusterNodeStatus> {
        StateFile(path: dataDirectory + "/cluster/status.json")
    }

    /// One line, in the duty officer's words (times in the display zone, as reports show them).
    public var line: String {
        var backlog = pendingBatches > 0 ? "，待写入 \(pendingItems) 条（\(pendingBatches) 批）" : ""
        if let parkedItems, parkedItems > 0 { backlog += "，\(parkedItems) 条因分桶易手暂存、待重写" }
        if let since = degradedSince {
            return "集群节点 \(node)：降级运行 degraded — PostgreSQL 自 \(ChineseFormat(zone: Config.displayZone).time(since)) 起不可达，继续抓取所持 \(buckets) 个分桶，条目与告警暂存本地\(backlog)"
        }
        return "集群节点 \(node)：正常，持有 \(buckets) 个分桶\(backlog)"
    }
}
