import Foundation
import Testing
import Transport

@testable import Daemon

struct PollPlannerTests {
    let planner = PollPlanner(interval: 600)

    @Test func successUsesIntervalWithJitter() {
        #expect(planner.delayAfterSuccess(cacheLifetime: nil, ttlMinutes: nil, jitter: 0) == 540)
        #expect(planner.delayAfterSuccess(cacheLifetime: nil, ttlMinutes: nil, jitter: 1) == 660)
    }

    @Test func cacheHeadersAndTTLAreALowerBound() {
        #expect(planner.delayAfterSuccess(cacheLifetime: 3600, ttlMinutes: nil, jitter: 0.5) == 3600)
        #expect(planner.delayAfterSuccess(cacheLifetime: 60, ttlMinutes: 30, jitter: 0.5) == 1800)
        #expect(planner.delayAfterSuccess(cacheLifetime: 10 * 86400, ttlMinutes: nil, jitter: 0.5) == 86400, "capped at a day")
        let ignoring = PollPlanner(interval: 600, respectCacheHeaders: false)
        #expect(ignoring.delayAfterSuccess(cacheLifetime: 3600, ttlMinutes: 60, jitter: 0.5) == 600)
    }

    @Test func failuresBackOffExponentiallyToACap() {
        let delays = (1...12).map { planner.delayAfterFailure(consecutiveFailures: $0, retryAfter: nil, jitter: 0.5) }
        #expect(delays[0] == 600)
        #expect(delays[1] == 1200)
        #expect(delays[2] == 2400)
        #expect(delays.last == 21600.0)
        #expect(delays == delays.sorted())
    }

    @Test func retryAfterWins() {
        #expect(planner.delayAfterFailure(consecutiveFailures: 1, retryAfter: 7200, jitter: 0.5) == 7200)
        #expect(planner.delayAfterFailure(consecutiveFailures: 1, retryAfter: 5, jitter: 0.5) == 600)
    }

    @Test func validatorsAreDroppedNowAndThen() {
        #expect(PollPlanner.sendsValidators(conditionalStreak: 0))
        #expect(PollPlanner.sendsValidators(conditionalStreak: 23))
        #expect(!PollPlanner.sendsValidators(conditionalStreak: 24))
    }

    @Test func cacheHeaderParsing() {
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(CacheHeaders.lifetime(HTTPHeaders([("Cache-Control", "public, max-age=900")]), now: now) == 900)
        #expect(CacheHeaders.lifetime(HTTPHeaders([("Cache-Control", "no-cache, max-age=900")]), now: now) == nil)
        let expires = HTTPHeaders([("Date", "Thu, 26 Nov 2026 10:00:00 GMT"), ("Expires", "Thu, 26 Nov 2026 10:30:00 GMT")])
        #expect(CacheHeaders.lifetime(expires, now: now) == 1800)
        #expect(CacheHeaders.retryAfter(HTTPHeaders([("Retry-After", "120")]), now: now) == 120)
        let rfc1123 = HTTPHeaders([("Retry-After", "Tue, 18 Nov 2025 05:51:40 GMT")])
        let reference = Date(timeIntervalSince1970: 1_763_445_000)  // 2025-11-18T05:50:00Z
        #expect(CacheHeaders.retryAfter(rfc1123, now: reference) == 100)
        #expect(CacheHeaders.retryAfter(HTTPHeaders([("Retry-After", "soon")]), now: now) == nil)
    }

    @Test func hostGateHoldsEveryoneOnTheHost() async {
        let gate = HostGate()
        let now = Date()
        await gate.hold(host: "www.example.cn", until: now.addingTimeInterval(60))
        #expect(await gate.waitUntil(host: "www.example.cn", now: now) != nil)
        #expect(await gate.waitUntil(host: "other.example.cn", now: now) == nil)
        #expect(await gate.waitUntil(host: "www.example.cn", now: now.addingTimeInterval(61)) == nil)
        #expect(HostGate.host(of: "https://WWW.Example.cn:8443/rss.xml") == "www.example.cn")
    }
}
