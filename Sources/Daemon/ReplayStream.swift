import Foundation
import Storage

/// Reads a recorded stream (JSON Lines sorted by `seen`) and hands it on poll by poll:
/// consecutive events of one source seen at the same instant, as one fetch brought them.
struct ReplayStream {
    let path: String
    /// Called after each chunk read with bytes read so far and lines handled.
    var progress: ((Int64, Int) -> Void)?

    func forEachPoll(_ body: (Date, String, [Replay.Event]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ReplayError("cannot read \(path)") }
        defer { try? handle.close() }
        let decoder = RecordCoding.decoder()
        var lineNumber = 0
        var lastSeen = Date.distantPast
        var group: [Replay.Event] = []
        func flush() throws {
            guard let first = group.first else { return }
            try body(first.seen, first.source, group)
            group = []
        }
        func handleLine(_ line: ArraySlice<UInt8>) throws {
            lineNumber += 1
            guard !line.isEmpty else { return }
            let event: Replay.Event
            do {
                event = try decoder.decode(Replay.Event.self, from: Data(line))
            } catch {
                throw ReplayError("\(path):\(lineNumber): not an item: \(error)")
            }
            guard event.seen >= lastSeen else {
                throw ReplayError("\(path):\(lineNumber): \"seen\" goes back in time; sort the file by seen")
            }
            lastSeen = event.seen
            if let first = group.first, first.seen != event.seen || first.source != event.source { try flush() }
            group.append(event)
        }
        var pending: [UInt8] = []
        var read: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            read += Int64(chunk.count)
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try handleLine(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
            progress?(read, lineNumber)
        }
        if !pending.isEmpty { try handleLine(pending[...]) }
        try flush()
    }
}
