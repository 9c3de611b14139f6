import Alerting
import Engine
import Feeds
import Foundation
import Storage

/// Storing a fetched batch durably, and the checkpoint that says how far that went.
extension Pipeline {
    /// Order matters for durability: the items' segment is fsynced first (on
    /// `BlockingWork`'s threads), then the engine counts them and its alerts are persisted
    /// in the outbox, and only then are the ids recorded as seen.
    func store(_ items: [Item], of feed: ParsedFeed, source: Config.Source, fetched: Date) async throws {
        let items = items.filter { !states.hasSeen($0.id, source: source.id) }
        let fresh = engine.prepare(items, at: fetched)
        logger.info("fetched", metadata: ["source": "\(source.id)", "entries": "\(feed.entries.count)", "new": "\(fresh.count)", "encoding": "\(feed.encoding)"])
        guard !fresh.isEmpty else { return }
        inFlight += 1
        do {
            let store = store
            try await BlockingWork.run { try store.append(fresh, at: fetched) }  // durable when this returns
        } catch {
            inFlight -= 1
            throw error
        }
        storedItems += fresh.count
        PipelineMetrics.stored(source: source.id, items: fresh)
        await carryOut(engine.commit(fresh, at: fetched), items: fresh, source: source)
        states.update(source.id) { $0.remember(fresh.map(\.id)) }
        inFlight -= 1
        try states.save(position: checkpoint)
        lastStateSave = clock.now()
        if store.takeClosed() { await upkeep(retention: false) }
    }

    /// A hot list's poll — every entry with its rank, new or seen — goes to the rank history
    /// (`<data>/hot/`) and to the engine's `hot` rules.
    /// `items` are the feed's entries as items, in the same order.
    func recordHotList(_ feed: ParsedFeed, items: [Item], source: Config.Source, fetched: Date) async {
        guard feed.entries.contains(where: { $0.rank != nil }) else { return }
        let entries = zip(feed.entries, items).compactMap { entry, item -> HotSnapshot.Entry? in
            entry.rank.map { HotSnapshot.Entry(id: item.id, title: item.title, url: item.url, rank: $0, hot: entry.hot) }
        }
        let snapshot = HotSnapshot(time: fetched, source: source.id, entries: entries)
        let log = HotListLog(dataDirectory: config.dataDirectory)
        do {
            try await BlockingWork.run { try log.append(snapshot) }
        } catch {
            logger.error("cannot write the rank history", metadata: ["source": "\(source.id)", "error": "\(error)"])
        }
        await carryOut(engine.observeList(snapshot, at: fetched))
    }

    /// The position up to which every stored item is remembered as seen and has its alerts
    /// in the outbox; nil while a store is between its segment write and that point (another
    /// task may be suspended there) or alerts wait to be queued.
    var checkpoint: SegmentPosition? {
        inFlight == 0 && unqueued.isEmpty ? store.position : nil
    }

    /// Health and validators are written at most every `stateSaveInterval`: the file holds
    /// every source's seen ids, and rewriting it after each of thousands of polls would cost
    /// more than the polls. Losing a few seconds of health to a crash is harmless (seen ids
    /// come back from the segments); `store` and `flush` write at once.
    func saveStates(force: Bool = false) {
        let now = clock.now()
        guard force || now.timeIntervalSince(lastStateSave) >= Self.stateSaveInterval else { return }
        do {
            try states.save(position: checkpoint)
            lastStateSave = now
        } catch {
            logger.error("cannot write source state", metadata: ["error": "\(error)"])
        }
    }

    static let stateSaveInterval: TimeInterval = 5
}
