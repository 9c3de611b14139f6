internal import CCurl
import Foundation
import Synchronization

/// One libcurl multi handle driven by one thread: every transfer of the process runs here.
///
/// Callers hand transfers over through `submit`, guarded by a mutex; the loop thread adds
/// them to the multi handle, drives `curl_multi_perform`/`curl_multi_poll`, and resumes
/// each caller's continuation when its transfer is done. `curl_multi_wakeup` interrupts
/// the poll when new work arrives.
final class CurlMultiLoop: @unchecked Sendable {
    private struct Shared {
        var incoming: [CurlTransfer] = []
        var cancelled: [ObjectIdentifier] = []
        var stopping = false
    }

    /// Only the loop thread reads or writes `multi` and `active` after `init`.
    private let multi: UnsafeMutableRawPointer
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private let shared = Mutex(Shared())
    private let finished = DispatchSemaphore(value: 0)

    init(maxConnections: Int, maxConnectionsPerHost: Int) throws(TransportError) {
        guard CurlGlobal.initialised, let multi = curl_multi_init() else {
            throw .curl(code: Int(CURLE_FAILED_INIT.rawValue), message: "libcurl could not be initialised")
        }
        self.multi = multi
        yq_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        yq_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxConnectionsPerHost)
        yq_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        let thread = Thread { [self] in self.run() }
        thread.name = "yuqing-curl"
        thread.start()
    }

    /// Queues a transfer; its continuation is resumed on the loop thread.
    func submit(_ transfer: CurlTransfer) {
        let accepted = shared.withLock { state -> Bool in
            if state.stopping { return false }
            state.incoming.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.continuation?.resume(throwing: TransportError.shutdown)
            transfer.continuation = nil
        }
    }

    /// Asks the loop to abort `transfer` if it is still running.
    func cancel(_ transfer: CurlTransfer) {
        shared.withLock { $0.cancelled.append(ObjectIdentifier(transfer)) }
        curl_multi_wakeup(multi)
    }

    /// Stops the loop: running transfers are aborted with `TransportError.shutdown`.
    /// Blocks until the loop thread has released the multi handle.
    func shutdown() {
        let wasStopping = shared.withLock { state -> Bool in
            defer { state.stopping = true }
            return state.stopping
        }
        guard !wasStopping else { return }
        curl_multi_wakeup(multi)
        finished.wait()
    }

    private func run() {
        var running: Int32 = 0
        while true {
            let (incoming, cancelled, stopping) = shared.withLock { state in
                defer { state.incoming.removeAll(); state.cancelled.removeAll() }
                return (state.incoming, state.cancelled, state.stopping)
            }
            for transfer in incoming {
                active[transfer.handle] = transfer
                curl_multi_add_handle(multi, transfer.handle)
            }
            for id in cancelled {
                if let transfer = active.values.first(where: { ObjectIdentifier($0) == id }) {
                    complete(transfer, with: .failure(CancellationError()))
                }
            }
            if stopping {
                for transfer in Array(active.values) { complete(transfer, with: .failure(TransportError.shutdown)) }
                break
            }
            curl_multi_perform(multi, &running)
            drainCompleted()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        curl_multi_cleanup(multi)
        finished.signal()
    }

    private func drainCompleted() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                let transfer = active[handle]
            else { continue }
            let code = message.pointee.data.result
            complete(transfer, with: transfer.result(code: code).mapError { $0 as any Error })
        }
    }

    private func complete(_ transfer: CurlTransfer, with result: Result<HTTPResponse, any Error>) {
        curl_multi_remove_handle(multi, transfer.handle)
        active[transfer.handle] = nil
        transfer.continuation?.resume(with: result)
        transfer.continuation = nil
    }
}

/// `curl_global_init` must run once, before any other libcurl call.
enum CurlGlobal {
    static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK
    }()
}
