import Foundation
import Reports
import Storage
import Testing

@testable import Daemon

/// The one line `yuqing sources` and `/healthz` show for a cluster node.
struct ClusterNodeStatusTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theLineSaysTheBacklogAndWhatWaitsAfterAHandOver() {
        var status = ClusterNodeStatus(node: "a", buckets: 512, degradedSince: nil, pendingBatches: 0, pendingItems: 0, updated: t0)
        #expect(status.line == "集群节点 a：正常，持有 512 个分桶")
        status.parkedItems = 0
        #expect(status.line == "集群节点 a：正常，持有 512 个分桶")
        (status.pendingBatches, status.pendingItems, status.parkedItems) = (3, 250, 24)
        #expect(status.line == "集群节点 a：正常，持有 512 个分桶，待写入 250 条（3 批），24 条因分桶易手暂存、待重写")
        status.degradedSince = t0
        let since = ChineseFormat(zone: Config.displayZone).time(t0)
        #expect(status.line.hasPrefix("集群节点 a：降级运行 degraded — PostgreSQL 自 \(since) 起不可达"), "\(status.line)")
        #expect(ChineseFormat(zone: TimeZone(identifier: "Asia/Shanghai") ?? .gmt).time(t0) == "1月15日 16:00")
        #expect(status.line.hasSuffix("待写入 250 条（3 批），24 条因分桶易手暂存、待重写"))
    }

    @Test func aStatusFileWithoutTheParkedCountStillReads() throws {
        let json = #"{"node":"b","buckets":3,"pendingBatches":0,"pendingItems":0,"updated":"2027-01-15T08:00:00Z"}"#
        let status = try RecordCoding.decoder().decode(ClusterNodeStatus.self, from: Data(json.utf8))
        #expect(status.parkedItems == nil && status.line == "集群节点 b：正常，持有 3 个分桶")
    }
}
