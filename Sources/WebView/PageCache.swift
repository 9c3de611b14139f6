import Foundation

/// Rendered pages kept for a few seconds, so that several analysts' screens refreshing
/// every minute read the data once between them rather than once each.
actor PageCache {
    private var pages: [String: (time: ContinuousClock.Instant, html: String)] = [:]
    private let lifetime: Duration

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The page for `key` when rendered less than the lifetime ago.
    func page(_ key: String) -> String? {
        guard let entry = pages[key], ContinuousClock.now - entry.time < lifetime else { return nil }
        return entry.html
    }

    func store(_ html: String, for key: String) {
        let now = ContinuousClock.now
        if pages.count > 200 { pages = pages.filter { now - $0.value.time < lifetime } }
        pages[key] = (now, html)
    }
}
