import Alerting
import Analysis
import Foundation
import NIOPosix
import Queries
import Reports
import Storage

extension WebPages {
    /// 条目: stored items filtered as `yuqing items` filters them, with Chinese search.
    func items(_ request: WebRequest) async throws -> String {
        let span = try request.span(fallback: "24h")
        var query = ItemQuery(since: request.now.addingTimeInterval(-span.seconds))
        query.topic = request["topic"]
        query.source = request["source"]
        query.contains = request["q"]
        query.limit = try request.integer("limit", in: 1...1000, fallback: 100)
        query.minScore = try request.integer("min_score", in: 0...100, fallback: 0)
        query.sentiments = try request.all("sentiment").map { name in
            guard let sentiment = Sentiment(name: name) else { throw WebRequest.Invalid(message: "倾向：负面、中性或正面") }
            return sentiment
        }
        query.tiers = try request.all("tier").map { name in
            guard let tier = SourceTier(name: name) else { throw WebRequest.Invalid(message: "级别：\(SourceTier.allCases.map(\.label).joined(separator: "、"))") }
            return tier
        }
        query.regions = try request.all("region").map { name in
            guard let code = settings.resolveRegion(name) else { throw WebRequest.Invalid(message: "地域「\(name)」：请写行政区名称（杭州、西湖区）、6位代码或本市") }
            return code
        }
        let result = try await settings.data.items(query)
        let names = Dictionary(settings.sources.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let gazetteer = RegionGazetteer.standard
        let rows = result.items.map { item -> [String] in
            let topics = item.topics.sorted { $0.score > $1.score }.map { "\($0.topic)(\($0.score))" }.joined(separator: " ")
            let places = (item.regions ?? []).compactMap { gazetteer.division($0)?.name }.joined(separator: "、")
            let sentiment = item.sentiment.map { $0 == .negative ? "<b class=\"neg\">\($0.label)</b>" : $0.label } ?? "—"
            return [
                SafeText.html(format.time(item.time)), SafeText.html(names[item.source] ?? item.source), sentiment,
                SafeText.html(places.isEmpty ? "—" : places), SafeText.html(topics.isEmpty ? "—" : topics),
                HTMLDocument.link(item.title, to: item.url) + "<br><span class=\"meta\">\(SafeText.html(String(item.summary.prefix(120))))</span>",
            ]
        }
        let shown = result.stoppedEarly ? "显示最新 \(result.items.count) 条" : "共 \(result.total) 条，显示 \(result.items.count) 条"
        let body = itemForm(request, span: span.text) + "<p class=\"meta\">\(SafeText.html(shown))</p>"
            + HTMLDocument.table(["时间", "来源", "倾向", "地域", "话题", "标题"], rows, empty: "没有符合条件的条目")
        return page("条目", body, request: request)
    }

    private func itemForm(_ request: WebRequest, span: String) -> String {
        func select(_ name: String, _ label: String, _ options: [(value: String, label: String)]) -> String {
            let chosen = request[name] ?? ""
            let items = ([("", "全部")] + options).map { "<option value=\"\(SafeText.html($0.0))\"\($0.0 == chosen ? " selected" : "")>\(SafeText.html($0.1))</option>" }
            return "<label>\(label)<select name=\"\(name)\">\(items.joined())</select></label>"
        }
        func field(_ name: String, _ label: String, placeholder: String) -> String {
            "<label>\(label)<input type=\"text\" name=\"\(name)\" value=\"\(SafeText.html(request[name] ?? ""))\" placeholder=\"\(placeholder)\"></label>"
        }
        return "<form class=\"filters\" method=\"get\" action=\"/items\">"
            + field("q", "包含文字", placeholder: "如 食物中毒") + select("topic", "话题", settings.topics.map { ($0, $0) })
            + select("sentiment", "倾向", Sentiment.allCases.map { ($0.rawValue, $0.label) })
            + field("region", "地域", placeholder: "如 杭州、本市")
            + select("tier", "级别", SourceTier.allCases.map { ($0.rawValue, $0.label) })
            + select("source", "信息源", settings.sources.map { ($0.id, $0.name) })
            + "<label>时间范围<input type=\"text\" name=\"since\" value=\"\(SafeText.html(span))\" size=\"5\"></label>"
            + "<button type=\"submit\">查询</button></form>"
    }

    /// 信息源: each source's health, failing ones first.
    func sources(_ request: WebRequest) async throws -> String {
        let (rows, sourcesNote) = try await settings.data.sources(SourceHealthQuery(sources: settings.sources), now: request.now)
        let order: [SourceHealthQuery.Health: Int] = [.failingLong: 0, .failing: 1, .new: 2, .ok: 3]
        // In cluster mode, which node's attempt a row shows.
        let byNode = sourcesNote != nil
        let cells = rows.sorted { (order[$0.health] ?? 4, $0.source.id) < (order[$1.health] ?? 4, $1.source.id) }.map { row -> [String] in
            let failing = row.health == .failing || row.health == .failingLong
            var cells: [String] = [
                failing ? "<b class=\"neg\">\(row.health.label)</b>" : row.health.label, SafeText.html(row.source.name),
                SafeText.html(row.source.tier ?? "—"), row.state?.lastSuccess.map { SafeText.html(format.time($0)) } ?? "—",
                String(row.state?.consecutiveFailures ?? 0), row.state?.lastStatus.map(String.init) ?? "—", row.state?.lastItems.map(String.init) ?? "—",
                row.state?.nextPoll.map { SafeText.html(format.time($0)) } ?? "—", SafeText.html(row.state?.lastError ?? ""),
            ]
            if byNode { cells.append(SafeText.html(row.node ?? "本节点")) }
            return cells
        }
        let failing = rows.filter { $0.health == .failing || $0.health == .failingLong }.count
        let note = sourcesNote.map { "<p class=\"meta\">\(SafeText.html($0))</p>" } ?? ""
        let body = note + "<p>共 \(rows.count) 个信息源，\(failing) 个失败。</p>"
            + HTMLDocument.table(
                ["状态", "信息源", "级别", "最近成功", "连续失败#", "HTTP#", "条目#", "下次抓取", "错误"] + (byNode ? ["节点"] : []), cells, empty: "未配置信息源")
        return page("信息源状况", body, request: request)
    }

    /// 告警: notifications and their delivery state.
    func alerts(_ request: WebRequest) async throws -> String {
        let state = try request["state"].map { name in
            guard let state = AlertQuery.State(rawValue: name) else { throw WebRequest.Invalid(message: "状态：pending、sent、silenced 或 dead") }
            return state
        }
        let query = AlertQuery(state: state, limit: try request.integer("limit", in: 1...1000, fallback: 100))
        let result = try await settings.data.alerts(query, now: request.now)
        let links = ([("", "全部")] + AlertQuery.State.allCases.map { ($0.rawValue, $0.label) }).map { value, label in
            "<a href=\"/alerts\(value.isEmpty ? "" : "?state=" + value)\">\(label)</a>"
        }
        let body = "<p>待发送 \(result.pending) · 已发送（最近）\(result.sent) · 已放弃 \(result.dead)　" + links.joined(separator: " · ") + "</p>" + alertTable(result.rows)
        return page("告警", body, request: request)
    }

    func alertTable(_ rows: [AlertQuery.Row]) -> String {
        HTMLDocument.table(
            ["时间", "状态", "通道", "规则", "标题", "说明"],
            rows.map { row in
                let n = row.notification
                let note = row.state == .dead ? n.lastError ?? "" : row.state == .silenced ? "静默 " + (n.silencedBy ?? "") : n.lastError ?? ""
                return [SafeText.html(format.time(row.time)), row.state == .dead ? "<b class=\"neg\">\(row.state.label)</b>" : row.state.label,
                        SafeText.html(n.channel), SafeText.html(n.rule), SafeText.html(n.title), SafeText.html(note)]
            }, empty: "暂无告警")
    }
}
