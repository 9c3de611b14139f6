import Alerting
import Engine
import Feeds
import Foundation
import Storage
import Transport

/// One source's trip: fetch, parse, store, and the health it leaves behind.
extension Pipeline {
    static func policy(_ config: Config, allowPrivate: Bool) -> ConnectionPolicy {
        ConnectionPolicy(allowPrivateNetworks: allowPrivate, userAgent: config.userAgent ?? UserAgent.default)
    }

    /// Fetches `source` once, processes what it returns, records its health, and returns
    /// when to poll it next. Never throws: failures are logged with the source id and
    /// recorded in its state; the next poll retries.
    public func poll(_ source: Config.Source) async -> Date {
        let state = states.state(of: source.id)
        let streak = state.conditionalStreak ?? 0
        let conditional = PollPlanner.sendsValidators(conditionalStreak: streak)
        let request = settings.fetcher.request(
            for: source, etag: conditional ? state.etag : nil, lastModified: conditional ? state.lastModified : nil)
        if source.insecure {
            logger.warning("TLS verification is off for this source (insecure: true)", metadata: ["source": "\(source.id)"])
        }
        let planner = PollPlanner(interval: source.interval, maxBackoff: source.maxBackoff, respectCacheHeaders: source.respectCacheHeaders)
        let started = clock.now()
        polls += 1
        var response: HTTPResponse?
        do {
            let outcome = try await settings.fetcher.fetch(source, request: request, at: started)
            response = outcome.response
            let status = outcome.response.status
            if let feed = outcome.feed {
                noteParsed(feed, source: source, started: started)
                let items = feed.entries.map { Item(entry: $0, sourceID: source.id, fetched: started) }
                try await store(items, of: feed, source: source, fetched: started)
                await recordHotList(feed, items: items, source: source, fetched: started)
            } else if status != 304 {
                return await fail(source, "HTTP \(status)", response: outcome.response, started: started, planner: planner)
            }
            let hasValidators = request.headers.contains { $0.name == "If-None-Match" || $0.name == "If-Modified-Since" }
            let next = clock.now().addingTimeInterval(planner.delayAfterSuccess(
                cacheLifetime: CacheHeaders.lifetime(outcome.response.headers, now: started),
                ttlMinutes: outcome.feed?.feed.ttl, jitter: Double.random(in: 0...1)))
            let recovered = engine.sourceSucceeded(source.id, at: clock.now())
            states.update(source.id) { state in
                if status != 304 {
                    state.etag = outcome.response.headers["ETag"]
                    state.lastModified = outcome.response.headers["Last-Modified"]
                }
                state.conditionalStreak = hasValidators ? streak + 1 : 0
                state.lastItems = outcome.feed?.entries.count ?? state.lastItems
                state.lastSuccess = started
                state.lastError = nil
                state.failingSince = nil
                state.failureAlerted = nil
                state.consecutiveFailures = 0
                recordAttempt(&state, response: outcome.response, started: started, next: next)
            }
            if status == 304 { logger.debug("not modified", metadata: ["source": "\(source.id)"]) }
            PipelineMetrics.fetched(source: source.id, outcome: status == 304 ? "not_modified" : "ok", seconds: clock.now().timeIntervalSince(started))
            await carryOut(recovered)
            saveStates(force: !recovered.isEmpty)
            return next
        } catch {
            return await fail(source, "\(error)", response: response, started: started, planner: planner)
        }
    }

    /// Logs and counts what parsing noticed: recovered XML, invalid bytes, future dates.
    private func noteParsed(_ feed: ParsedFeed, source: Config.Source, started: Date) {
        PipelineMetrics.parsed(source: source.id, items: feed.entries.count, warnings: feed.warnings.count)
        if !feed.wellformed {
            logger.warning("feed not well-formed, recovered", metadata: ["source": "\(source.id)", "why": "\(feed.warnings.prefix(3).joined(separator: "; "))"])
        }
        let future = feed.entries.filter { entry in
            (entry.published ?? entry.updated).map { Item.isImplausible($0, fetched: started) } ?? false
        }.count
        if future > 0 {
            logger.warning("dates in the future or before 1990 taken as the fetch time", metadata: ["source": "\(source.id)", "items": "\(future)"])
        }
        states.update(source.id) { state in
            if let invalid = feed.invalidSequences { state.invalidSequences = (state.invalidSequences ?? 0) + invalid }
            if future > 0 { state.futureDates = (state.futureDates ?? 0) + future }
        }
    }

    private func recordAttempt(_ state: inout SourceState, response: HTTPResponse?, started: Date, next: Date) {
        state.lastAttempt = started
        state.lastStatus = response?.status
        state.lastBytes = response?.timing.downloadedBytes
        state.lastDuration = response.map { $0.timing.total } ?? clock.now().timeIntervalSince(started)
        state.nextPoll = next
    }

    private func fail(_ source: Config.Source, _ message: String, response: HTTPResponse?, started: Date, planner: PollPlanner) async -> Date {
        let failures = states.state(of: source.id).consecutiveFailures + 1
        let now = clock.now()
        PipelineMetrics.fetched(source: source.id, outcome: "error", seconds: now.timeIntervalSince(started))
        var retryAfter: Double?
        if let response, response.status == 429 || response.status == 503 {
            retryAfter = CacheHeaders.retryAfter(response.headers, now: started)
            if let retryAfter {
                await hostGate.hold(host: HostGate.host(of: source.url), until: started.addingTimeInterval(retryAfter))
                logger.warning("host asked to wait; all its sources hold back", metadata: [
                    "source": "\(source.id)", "host": "\(HostGate.host(of: source.url))", "seconds": "\(Int(retryAfter))",
                ])
            }
        }
        let next = now.addingTimeInterval(
            planner.delayAfterFailure(consecutiveFailures: failures, retryAfter: retryAfter, jitter: Double.random(in: 0...1)))
        logger.error("fetch failed", metadata: [
            "source": "\(source.id)", "error": "\(message)", "failures": "\(failures)",
            "retry_at": "\(RecordCoding.timestamp(next))",
        ])
        states.update(source.id) { state in
            state.lastError = message
            state.consecutiveFailures = failures
            if state.failingSince == nil { state.failingSince = started }
            recordAttempt(&state, response: response, started: started, next: next)
        }
        let notices = engine.sourceFailed(source.id, name: source.name, error: message, at: now)
        if engine.failureAnnounced(source.id) { states.update(source.id) { $0.failureAlerted = true } }
        await carryOut(notices)
        saveStates(force: !notices.isEmpty)
        return next
    }
}
