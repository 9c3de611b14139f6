import Transport

/// The cookies a page sets for a visitor (some hot lists answer only with one), per
/// source: fetched once through the same transport, address guard and limits as the source,
/// sent as `Cookie:` until the source refuses them (then fetched again).
actor VisitorCookies {
    private var cookies: [String: String] = [:]

    /// The `Cookie:` value for `source`, fetching the page with `fetch` when none is kept;
    /// nil when the page set none.
    func cookie(for source: String, fetch: @Sendable () async throws -> HTTPResponse) async throws -> String? {
        if let known = cookies[source] { return known }
        let response = try await fetch()
        let pairs = response.headers.fields.filter { $0.name.lowercased() == "set-cookie" }.compactMap { field -> String? in
            let pair = field.value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return pair.contains("=") && !pair.hasPrefix("=") ? pair : nil
        }
        guard !pairs.isEmpty else { return nil }
        let cookie = pairs.joined(separator: "; ")
        cookies[source] = cookie
        return cookie
    }

    func forget(_ source: String) {
        cookies[source] = nil
    }
}
