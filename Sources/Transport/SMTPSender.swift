internal import CCurl
import Foundation

/// How to reach a mail server.
public struct SMTPSettings: Sendable, Equatable {
    /// `smtp://host:587` (STARTTLS) or `smtps://host:465` (TLS from the start).
    public var url: String
    public var username: String?
    public var password: String?
    /// With `smtp://`: refuse to send unless the server upgrades with STARTTLS (the
    /// default). False sends in clear text when the server offers no STARTTLS.
    public var requireTLS: Bool
    /// A PEM bundle to trust instead of the system's.
    public var caFile: String?
    /// Skip certificate verification (logged by the caller on every use).
    public var insecure: Bool
    public var timeout: Double

    public init(
        url: String, username: String? = nil, password: String? = nil, requireTLS: Bool = true,
        caFile: String? = nil, insecure: Bool = false, timeout: Double = 30
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.requireTLS = requireTLS
        self.caFile = caFile
        self.insecure = insecure
        self.timeout = timeout
    }
}

/// Sends one message through libcurl's SMTP client. Each send is one blocking transfer on
/// a thread of its own, so the caller's tasks are never blocked.
public enum SMTPSender {
    /// Sends `message` (a complete RFC 5322 message with CRLF line ends) from `from` to
    /// every address in `recipients`.
    public static func send(_ message: [UInt8], from: String, to recipients: [String], settings: SMTPSettings) async throws(TransportError) {
        try validate(from: from, recipients: recipients, settings: settings)
        let result: Result<Void, TransportError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: perform(message, from: from, to: recipients, settings: settings))
            }
            thread.name = "yuqing-smtp"
            thread.start()
        }
        try result.get()
    }

    private static func validate(from: String, recipients: [String], settings: SMTPSettings) throws(TransportError) {
        let lower = settings.url.lowercased()
        guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
            throw .invalidURL("only smtp:// and smtps:// are allowed for mail: \(settings.url)")
        }
        guard !recipients.isEmpty else { throw .invalidURL("no recipients") }
        for address in [from] + recipients where !MailAddress.isValid(address) {
            throw .invalidHeader("mail address \(address)")
        }
    }

    /// The message being uploaded and how much of it curl has read.
    private final class Upload {
        let bytes: [UInt8]
        var offset = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
        }
    }

    private static func perform(_ message: [UInt8], from: String, to recipients: [String], settings: SMTPSettings) -> Result<Void, TransportError> {
        guard let handle = curl_easy_init() else {
            return .failure(.curl(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"))
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let upload = Upload(message)
        defer {
            curl_easy_cleanup(handle)
            curl_slist_free_all(list)
            errorBuffer.deallocate()
        }
        yq_easy_setopt_string(handle, CURLOPT_URL, settings.url)
        yq_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        yq_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(settings.requireTLS ? CURLUSESSL_ALL.rawValue : CURLUSESSL_TRY.rawValue))
        yq_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, settings.insecure ? 0 : 1)
        yq_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, settings.insecure ? 0 : 2)
        if let caFile = settings.caFile { yq_easy_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        if let username = settings.username { yq_easy_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = settings.password { yq_easy_setopt_string(handle, CURLOPT_PASSWORD, password) }
        yq_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        yq_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        yq_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
        yq_easy_setopt_off(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        yq_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, userdata in
            guard let buffer, let userdata else { return 0 }
            let upload = Unmanaged<Upload>.fromOpaque(userdata).takeUnretainedValue()
            let length = min(size * count, upload.bytes.count - upload.offset)
            upload.bytes.withUnsafeBufferPointer { source in
                if let base = source.baseAddress, length > 0 {
                    UnsafeMutableRawPointer(buffer).copyMemory(from: base + upload.offset, byteCount: length)
                }
            }
            upload.offset += length
            return length
        }
        yq_easy_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque())
        yq_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(min(settings.timeout, 15) * 1000))
        yq_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(settings.timeout * 1000))
        yq_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        yq_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        let code = withExtendedLifetime(upload) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            var response = 0
            yq_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
            let detail = errorBuffer.pointee != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            let reply = response > 0 ? " (server replied \(response))" : ""
            if code == CURLE_OPERATION_TIMEDOUT { return .failure(.timedOut(detail)) }
            return .failure(.curl(code: Int(code.rawValue), message: detail + reply))
        }
        return .success(())
    }
}

/// Checks of mail addresses taken from configuration.
public enum MailAddress {
    /// A bare `local@domain` address with no characters that could break an SMTP command
    /// or a header (no CR, LF, NUL, spaces, angle brackets, commas, quotes).
    public static func isValid(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), address.utf8.count <= 254 else { return false }
        return !address.unicodeScalars.contains { scalar in
            scalar.value < 0x21 || scalar.value == 0x7F || "<>,;\"()[]\\".unicodeScalars.contains(scalar)
        }
    }
}
