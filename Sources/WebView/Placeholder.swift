/// The read-only web view (see WebView.swift).
