internal import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one libcurl easy handle for the duration of one request.
///
/// Created on the caller's thread, then touched only by the multi loop's thread until it
/// completes; that hand-over is why it is `@unchecked Sendable`. libcurl's callbacks reach
/// it through an unretained `Unmanaged` pointer: the loop keeps it alive while it runs.
final class CurlTransfer: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    private let limits: TransferLimits
    private let allowPrivateNetworks: Bool
    /// Addresses of the configured proxy, which the address guard lets through.
    private let proxyAddresses: Set<String>
    private var requestHeaders: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    private(set) var body: [UInt8] = []
    private(set) var headers = HTTPHeaders()
    /// A failure detected inside a callback, which explains why curl stopped.
    private(set) var failure: TransportError?
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    init(request: HTTPRequest) throws(TransportError) {
        try Self.validate(request)
        guard let handle = curl_easy_init() else {
            throw .curl(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed")
        }
        self.handle = handle
        self.limits = request.limits
        self.allowPrivateNetworks = request.policy.allowPrivateNetworks
        let proxy = ProxyResolver.proxy(for: request.url, setting: request.policy.proxy)
        self.proxyAddresses = proxy.map(ProxyResolver.addresses(ofProxy:)) ?? []
        if proxy != nil, !request.policy.allowPrivateNetworks {
            // Behind a proxy the socket goes to the proxy; judge the origin by resolving it here.
            if let refused = ProxyResolver.refusedOrigin(request.url) { throw .addressRefused(refused) }
        }
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(request, proxy: proxy)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(requestHeaders)
        errorBuffer.deallocate()
    }

    private static func validate(_ request: HTTPRequest) throws(TransportError) {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            throw .invalidURL("only http and https are allowed: \(request.url)")
        }
        for field in request.headers {
            let bad = field.name.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 || $0 == 58 }
                || field.value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
            if bad || field.name.isEmpty { throw .invalidHeader(field.name) }
        }
    }

    private func configure(_ request: HTTPRequest, proxy: String?) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        yq_easy_setopt_string(handle, CURLOPT_URL, request.url)
        yq_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        yq_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        yq_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        yq_easy_setopt_long(handle, CURLOPT_MAXREDIRS, request.limits.maxRedirects)
        yq_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(request.limits.connectTimeout * 1000))
        yq_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(request.limits.totalTimeout * 1000))
        yq_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, request.limits.lowSpeedBytesPerSecond)
        yq_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, request.limits.lowSpeedSeconds)
        yq_easy_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.limits.maxBodyBytes))
        yq_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")  // every encoding curl decodes
        yq_easy_setopt_string(handle, CURLOPT_USERAGENT, request.policy.userAgent)
        yq_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        yq_easy_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, request.policy.insecure ? 0 : 1)
        yq_easy_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, request.policy.insecure ? 0 : 2)
        if let caFile = request.policy.caFile { yq_easy_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        // The proxy decision is made once, in ProxyResolver; "" stops libcurl reading the environment again.
        yq_easy_setopt_string(handle, CURLOPT_PROXY, proxy ?? "")
        yq_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        yq_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me)

        yq_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        yq_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
        yq_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        yq_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        yq_easy_setopt_opensocket(handle, curlOpenSocketCallback)
        yq_easy_setopt_pointer(handle, CURLOPT_OPENSOCKETDATA, me)
        // A reused connection opens no socket: check the peer again before each request.
        yq_easy_setopt_prereq(handle, curlPrereqCallback)
        yq_easy_setopt_pointer(handle, CURLOPT_PREREQDATA, me)

        for field in request.headers {
            requestHeaders = curl_slist_append(requestHeaders, "\(field.name): \(field.value)")
        }
        if requestHeaders != nil {
            yq_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, requestHeaders)
        }
        if request.method == .post {
            let body = request.body ?? []
            yq_easy_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            body.withUnsafeBufferPointer { buffer in
                // COPYPOSTFIELDS copies, so the Swift array need not outlive this call.
                let raw = UnsafeMutableRawPointer(mutating: buffer.baseAddress ?? UnsafePointer(bitPattern: 1))
                yq_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, raw)
            }
        }
    }

    // MARK: Callbacks (called on the loop thread)

    func receive(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if body.count + bytes.count > limits.maxBodyBytes {
            failure = .bodyTooLarge(limit: limits.maxBodyBytes)
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// One header line as curl hands it over (with its CR LF), split on the bytes: a
    /// thousand feeds bring some ten thousand lines per cycle.
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        let trimmed = UnsafeBufferPointer(rebasing: line[..<end])
        if trimmed.starts(with: "HTTP/".utf8) {
            headers = HTTPHeaders()  // a new response (after a redirect or a 100 Continue)
            return
        }
        guard let colon = trimmed.firstIndex(of: UInt8(ascii: ":")) else { return }
        var valueStart = colon + 1
        while valueStart < end, trimmed[valueStart] == 0x20 || trimmed[valueStart] == 0x09 { valueStart += 1 }
        headers.append(name: String(decoding: UnsafeBufferPointer(rebasing: trimmed[..<colon]), as: UTF8.self),
                       value: String(decoding: UnsafeBufferPointer(rebasing: trimmed[valueStart...]), as: UTF8.self))
    }

    func shouldRefuse(_ address: UnsafePointer<sockaddr>) -> Bool {
        guard !allowPrivateNetworks, let text = AddressGuard.refusal(for: address), !proxyAddresses.contains(text) else { return false }
        failure = .addressRefused(text)
        return true
    }

    func shouldRefuse(numeric address: String) -> Bool {
        guard !allowPrivateNetworks, !proxyAddresses.contains(address), let text = AddressGuard.refusal(forNumeric: address) else {
            return false
        }
        failure = .addressRefused(text)
        return true
    }

    // MARK: Completion

    /// The outcome once the multi handle reports this transfer done with `code`.
    func result(code: CURLcode) -> Result<HTTPResponse, TransportError> {
        if let failure { return .failure(failure) }
        guard code == CURLE_OK else {
            let message = errorBuffer.pointee != 0
                ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
            switch code {
            case CURLE_OPERATION_TIMEDOUT: return .failure(.timedOut(message))
            case CURLE_FILESIZE_EXCEEDED: return .failure(.bodyTooLarge(limit: limits.maxBodyBytes))
            case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT: return .failure(.invalidURL(message))
            default: return .failure(.curl(code: Int(code.rawValue), message: message))
            }
        }
        var status = 0
        yq_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var urlPointer: UnsafeMutablePointer<CChar>?
        yq_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &urlPointer)
        let effective = urlPointer.map { String(cString: $0) } ?? ""
        return .success(HTTPResponse(status: status, headers: headers, body: body, effectiveURL: effective, timing: timing()))
    }

    private func timing() -> TransferTiming {
        func seconds(_ info: CURLINFO) -> Double {
            var value = 0.0
            yq_easy_getinfo_double(handle, info, &value)
            return value
        }
        var result = TransferTiming()
        result.nameLookup = seconds(CURLINFO_NAMELOOKUP_TIME)
        result.connect = seconds(CURLINFO_CONNECT_TIME)
        result.tlsHandshake = seconds(CURLINFO_APPCONNECT_TIME)
        result.firstByte = seconds(CURLINFO_STARTTRANSFER_TIME)
        result.total = seconds(CURLINFO_TOTAL_TIME)
        result.downloadedBytes = Int(seconds(CURLINFO_SIZE_DOWNLOAD))
        var version = 0
        yq_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        switch version {
        case Int(CURL_HTTP_VERSION_1_0): result.httpVersion = "1.0"
        case Int(CURL_HTTP_VERSION_1_1): result.httpVersion = "1.1"
        case Int(CURL_HTTP_VERSION_2_0): result.httpVersion = "2"
        case Int(CURL_HTTP_VERSION_3): result.httpVersion = "3"
        default: result.httpVersion = "?"
        }
        var redirects = 0
        yq_easy_getinfo_long(handle, CURLINFO_REDIRECT_COUNT, &redirects)
        result.redirects = redirects
        return result
    }
}

extension StringProtocol {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> SubSequence {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[startIndex..<end]
    }
}

private func curlWriteCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    return transfer.receive(bytes) ? length : 0
}

private func curlHeaderCallback(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?
) -> Int {
    guard let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    guard let data else { return length }
    let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: UInt8.self), count: length)
    transfer.receiveHeaderLine(bytes)
    return length
}

private func curlOpenSocketCallback(
    _ user: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?
) -> curl_socket_t {
    guard let user, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let refused = withUnsafeMutablePointer(to: &address.pointee.addr) { transfer.shouldRefuse($0) }
    if refused { return CURL_SOCKET_BAD }
    return socket(address.pointee.family, address.pointee.socktype, address.pointee.protocol)
}

private func curlPrereqCallback(
    _ user: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?, _ localIP: UnsafeMutablePointer<CChar>?,
    _ primaryPort: Int32, _ localPort: Int32
) -> Int32 {
    guard let user, let primaryIP else { return Int32(CURL_PREREQFUNC_ABORT) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    return transfer.shouldRefuse(numeric: String(cString: primaryIP)) ? Int32(CURL_PREREQFUNC_ABORT) : Int32(CURL_PREREQFUNC_OK)
}
