internal import CLibXML2

/// Process-wide libxml2 set-up, done once: initialise the library and install an
/// external-entity loader that refuses everything, so no document can make the parser
/// read a file or open a connection.
enum LibXML2 {
    private static let initialised: Bool = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        return true
    }()

    static func ensureInitialised() {
        _ = initialised
    }
}

/// Collects libxml2's structured errors for one parse on the current thread.
final class ErrorCollector {
    private(set) var messages: [String] = []
    private(set) var fatal = 0
    static let maxMessages = 20

    func capturing<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.record(error.pointee)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        defer { withExtendedLifetime(self) {} }
        return try body()
    }

    /// Records a message of yuqing's own (not libxml2's) as an error.
    func note(_ message: String) {
        fatal += 1
        messages.append(message)
    }

    private func record(_ error: xmlError) {
        if error.level.rawValue >= XML_ERR_ERROR.rawValue { fatal += 1 }
        guard messages.count < Self.maxMessages else { return }
        let text = error.message.map { String(cString: $0) }?
            .trimmingCharacters(in: [" ", "\n", "\r", "\t"]) ?? "error \(error.code)"
        messages.append("line \(error.line): \(text)")
    }
}
