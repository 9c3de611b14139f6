import Foundation
import Logging
import PostgresNIO
import Storage

/// Stored items read back from the cluster's database for the CLI, newest first, as the
/// segment records they are (`yuqing items`, `yuqing stories` fold them as they fold a
/// node's segments). The filters the database can apply are applied there: the time, a
/// topic, a source, a story, and text through the bigram index (`contains` must be
/// normalised as `TextNormalizer` normalises, the way the `search` column was written).
public struct ClusterItemReader: Sendable {
    public struct Filter: Sendable {
        public var since: Date
        /// Items fetched before this moment only (nil: up to now).
        public var until: Date?
        public var topic: String?
        public var source: String?
        public var story: String?
        /// Normalised text the title or summary contains.
        public var contains: String?

        public init(
            since: Date, until: Date? = nil, topic: String? = nil, source: String? = nil, story: String? = nil, contains: String? = nil
        ) {
            self.since = since
            self.until = until
            self.topic = topic
            self.source = source
            self.story = story
            self.contains = contains
        }
    }

    public let client: PostgresClient
    public let logger: Logger
    /// Rows fetched by the first query — most listings want the newest few dozen — and at
    /// most per later one (each four times the last); pages continue after the last row
    /// (keyset).
    public var firstPage = 100
    public var pageSize = 1000

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Calls `body` with each matching item, newest first, until it returns false.
    public func forEach(_ filter: Filter, _ body: (StoredItem) throws -> Bool) async throws {
        var after: (Date, String)?
        var size = min(firstPage, pageSize)
        let decoder = RecordCoding.decoder()
        while true {
            var rows = 0
            var last: (Date, String)?
            for try await (fetched, id, record) in try await client.query(query(filter, after: after, limit: size), logger: logger).decode((Date, String, String).self) {
                rows += 1
                last = (fetched, id)
                var text = record
                let item = try text.withUTF8(StoredItemDecoder.decode) ?? decoder.decode(StoredItem.self, from: Data(record.utf8))
                guard try body(item) else { return }
            }
            guard rows == size, let last else { return }
            after = last
            size = min(size * 4, pageSize)
        }
    }

    /// The SQL of one page: only the conditions given, so the planner can use the index
    /// each one has.
    func query(_ filter: Filter, after: (Date, String)?, limit: Int) throws -> PostgresQuery {
        var binds = PostgresBindings()
        var conditions: [String] = []
        func bind(_ value: some PostgresEncodable) throws -> String {
            try binds.append(value)
            return "$\(binds.count)"
        }
        conditions.append("fetched >= \(try bind(filter.since))")
        if let until = filter.until { conditions.append("fetched < \(try bind(until))") }
        if let topic = filter.topic { conditions.append("\(try bind(topic)) = ANY(topics)") }
        if let source = filter.source { conditions.append("source = \(try bind(source))") }
        if let story = filter.story { conditions.append("story = \(try bind(story))") }
        if let text = filter.contains, !text.isEmpty {
            // Terms of two characters or more go through the index; every hit is verified.
            let codes = Bigrams.codes(text)
            if !codes.isEmpty { conditions.append("grams @> \(try bind(codes))::int4[]") }
            conditions.append("strpos(search, \(try bind(text))) > 0")
        }
        if let (fetched, id) = after {
            conditions.append("(fetched, id) < (\(try bind(fetched)), \(try bind(id)))")
        }
        let sql = """
            SELECT fetched, id, record::text FROM yuqing_items WHERE \(conditions.joined(separator: " AND "))
            ORDER BY fetched DESC, id DESC LIMIT \(limit)
            """
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}
