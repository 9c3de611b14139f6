import NIOPosix

/// Runs blocking file work — fsync of a batch, compression and indexing of closed segments,
/// retention, the file stats behind metrics — on NIO's thread pool, so the threads that
/// start polls and serve the pipeline actor never wait on the disk.
public enum BlockingWork {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
