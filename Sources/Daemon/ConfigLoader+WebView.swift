extension ConfigReader {
    /// `metrics.web: true` with, off loopback, `web_password_env: NAME` or
    /// `web_password_credential: NAME`. The web view shows what is monitored, so an
    /// address others can reach without a password is refused, as is a named password
    /// that is not set.
    func readWebView(_ fields: [String: ConfigNode], address: Config.ListenAddress?, node: ConfigNode?) -> Config.WebView? {
        guard let enabled = fields["web"], enabled.bool() == true else {
            if fields["web_password_env"] != nil || fields["web_password_credential"] != nil, fields["web"]?.bool() != true {
                node?.error("web_password_* without web: true")
            }
            return nil
        }
        guard let address else {
            enabled.error("the web view is served beside /metrics: set metrics.listen (for example 127.0.0.1:9464)")
            return nil
        }
        var password: String?
        var origin: String?
        if let anchor = node, let (value, named) = readSetting(fields, "web_password", node: anchor, inlineAllowed: false) {
            origin = named
            if let value, value.count < 12 {
                anchor.error("\(named): the web view's password needs at least 12 characters")
                return nil
            }
            password = value
        }
        if origin == nil, !Self.isLoopback(address.host) {
            enabled.error("the web view on \(address.host) is reachable from other machines: give web_password_env or web_password_credential, or listen on 127.0.0.1")
            return nil
        }
        return Config.WebView(password: password, passwordOrigin: origin)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
