import Cluster
import Foundation
import PostgresNIO
import Storage
import Testing
import YuqingTesting

/// Fenced items wait in the parking until they are in the cluster: written again when
/// their bucket comes back, let go when the new owner stored them, written late when nobody
/// did within the grace — against a real PostgreSQL, with the time passed in.
@Suite(.serialized, .timeLimit(.minutes(15)))
struct ClusterParkingTests {
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    let writerTests = ClusterWriterTests()

    /// Three items of one source, polled by a under `lease`, as a's journal holds them.
    func polled(_ events: [Int], lease: Lease) -> ClusterBatch {
        let items = events.map { event in
            writerTests.item(node: "a", event: event, title: ClusterWriterTests.events[event].title, summary: ClusterWriterTests.events[event].summary, at: t0)
        }
        return writerTests.batch(items, lease: lease)
    }

    /// Writes what `parking` hands back, as the journal would.
    func reoffer(_ parking: ClusterParking, held: [Lease], writer: ClusterWriter, at now: Date) async throws -> [ClusterWriteResult] {
        let handed = Handed()
        try await parking.reoffer(held: Dictionary(uniqueKeysWithValues: held.map { ($0.bucket, $0) }), writer: writer, at: now) { await handed.add($0) }
        var results: [ClusterWriteResult] = []
        for batch in await handed.batches { results.append(try await writer.write(batch, at: now)) }
        return results
    }

    actor Handed {
        var batches: [ClusterBatch] = []
        func add(_ batch: ClusterBatch) { batches.append(batch) }
    }

    /// a leases a bucket and polls `events` under it; before a writes, its leases run out
    /// and b (alone alive) takes every bucket, so a's write is fenced.
    struct HandOver {
        var a: BucketLeases
        var b: BucketLeases
        var writer: ClusterWriter
        var lease: Lease
        var batch: ClusterBatch
        var result: ClusterWriteResult
    }

    func handOver(_ events: [Int], client: PostgresClient) async throws -> HandOver {
        let (a, b) = (BucketLeases(client: client, node: "a", ttl: 30, logger: ClusterFixture.logger), BucketLeases(client: client, node: "b", ttl: 30, logger: ClusterFixture.logger))
        let writer = ClusterWriter(client: client, node: "a", logger: ClusterFixture.logger)
        let lease = try #require(try await a.rebalance(at: t0).first)
        let batch = polled(events, lease: lease)
        _ = try await b.rebalance(at: t0.addingTimeInterval(31))
        let result = try await writer.write(batch, at: t0.addingTimeInterval(32))
        return HandOver(a: a, b: b, writer: writer, lease: lease, batch: batch, result: result)
    }

    @Test func aBucketThatComesBackBeforeItsNewOwnerPolledLosesNothing() async throws {
        try await ClusterFixture.withDatabase { client in
            let directory = try TemporaryDirectory("parking")
            let handed = try await handOver([0, 1, 2], client: client)
            let (a, b, writer, first, batch, fenced) = (handed.a, handed.b, handed.writer, handed.lease, handed.batch, handed.result)
            #expect(fenced.fenced.count == 3 && fenced.inserted == 0)
            let parking = ClusterParking(dataDirectory: directory.path, logger: ClusterFixture.logger)
            await parking.park(fenced.fenced, of: batch, at: t0.addingTimeInterval(32))
            await parking.park(fenced.fenced, of: batch, at: t0.addingTimeInterval(33))
            #expect(await parking.count == 3, "parked once, however often the write is retried")

            // b holds the bucket and has not polled: nothing is written, nothing let go.
            #expect(try await reoffer(parking, held: [], writer: writer, at: t0.addingTimeInterval(40)).isEmpty)
            #expect(await parking.count == 3)
            // The new owner stores one of them itself: that one is let go.
            let bWriter = ClusterWriter(client: client, node: "b", logger: ClusterFixture.logger)
            let bLease = try #require(try await b.rebalance(at: t0.addingTimeInterval(41)).first { $0.bucket == first.bucket })
            var byB = polled([2], lease: bLease)
            byB.decisions = []
            #expect(try await bWriter.write(byB, at: t0.addingTimeInterval(41)).inserted == 1)
            #expect(try await reoffer(parking, held: [], writer: writer, at: t0.addingTimeInterval(42)).isEmpty)
            #expect(await parking.count == 2)

            // b's leases run out before it polled the source again; a takes the bucket back.
            // Its own poll would find the items already stored here: the parking writes them.
            let back = try #require(try await a.rebalance(at: t0.addingTimeInterval(80)).first { $0.bucket == first.bucket })
            #expect(back.epoch == first.epoch + 2)
            let reopened = ClusterParking(dataDirectory: directory.path, logger: ClusterFixture.logger)
            #expect(await reopened.count == 2, "the parking survives a restart")
            let written = try await reoffer(reopened, held: [back], writer: writer, at: t0.addingTimeInterval(81))
            #expect(written.map(\.inserted) == [2] && written.allSatisfy { $0.fenced.isEmpty })
            #expect(written.flatMap(\.queued).count == 2, "their alerts are decided too")
            #expect(await reopened.count == 0)
            #expect(try await ClusterFixture.scalar(client, "SELECT count(*) FROM yuqing_items", as: Int.self) == 3)
        }
    }

    @Test func itemsNobodyStoredAreWrittenAfterTheGrace() async throws {
        try await ClusterFixture.withDatabase { client in
            let directory = try TemporaryDirectory("parking-late")
            let handed = try await handOver([4, 5], client: client)
            let (b, writer) = (handed.b, handed.writer)
            let parking = ClusterParking(dataDirectory: directory.path, logger: ClusterFixture.logger)
            await parking.park(handed.result.fenced, of: handed.batch, at: t0.addingTimeInterval(32))
            // b keeps the bucket but its polls never bring the two (gone from the feed).
            let renewed = t0.addingTimeInterval(32 + ClusterParking.grace - 20)
            _ = try await b.rebalance(at: renewed)
            #expect(try await reoffer(parking, held: [], writer: writer, at: renewed).isEmpty)
            let late = try await reoffer(parking, held: [], writer: writer, at: t0.addingTimeInterval(32 + ClusterParking.grace))
            #expect(late.map(\.inserted) == [2] && late.allSatisfy { $0.fenced.isEmpty })
            #expect(await parking.count == 0)
        }
    }
}
