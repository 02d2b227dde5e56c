import VigilCore
import Foundation

/// How to reach one Alertmanager: Prometheus's `alertmanager_config` for a
/// single static target.
public struct AlertmanagerEndpoint: Sendable, Equatable {
    public enum Authorization: Sendable, Equatable {
        /// `Authorization: Bearer <token>`
        case bearer(String)
        /// `Authorization: Basic base64(username:password)`
        case basic(username: String, password: String)
    }

    /// `http://host:port`, optionally with a path, which is put in front of
    /// `pathPrefix`.
    public var url: String
    /// Prometheus's `path_prefix`: the alerts go to `<url><pathPrefix>/api/v2/alerts`.
    public var pathPrefix: String
    public var authorization: Authorization?
    /// Extra request headers (Prometheus's `http_headers`); headers the
    /// client itself owns, such as `Authorization` or `Content-Type`, are
    /// refused.
    public var headers: [String: String]
    /// Per-request limit, Prometheus's default 10 s.
    public var timeout: Duration

    public init(
        url: String, pathPrefix: String = "", authorization: Authorization? = nil,
        headers: [String: String] = [:], timeout: Duration = .seconds(10)
    ) {
        self.url = url
        self.pathPrefix = pathPrefix
        self.authorization = authorization
        self.headers = headers
        self.timeout = timeout
    }

    /// Headers that prometheus/common's HTTP client config reserves.
    static let reservedHeaders: Set<String> = [
        "authorization", "host", "content-encoding", "content-length", "content-type", "user-agent",
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "www-authenticate",
        "accept-encoding", "transfer-encoding",
    ]

    /// The full URL alerts are posted to, checked.
    func alertsURL() throws(AlertingConfigError) -> URL {
        guard var components = URLComponents(string: url),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty
        else {
            throw .invalid("alertmanager \(GoJSON.quote(url)): want an http:// or https:// URL with a host")
        }
        guard components.query == nil, components.fragment == nil else {
            throw .invalid("alertmanager \(GoJSON.quote(url)): the URL must not have a query or fragment")
        }
        components.path = Self.joinPath(components.path, pathPrefix, "/api/v2/alerts")
        guard let full = components.url else {
            throw .invalid("alertmanager \(GoJSON.quote(url)): path prefix \(GoJSON.quote(pathPrefix)) does not form a URL")
        }
        return full
    }

    func validate() throws(AlertingConfigError) {
        _ = try alertsURL()
        guard timeout > .zero else { throw .invalid("alertmanager \(GoJSON.quote(url)): timeout must be positive") }
        for name in headers.keys where Self.reservedHeaders.contains(name.lowercased()) {
            throw .invalid("alertmanager \(GoJSON.quote(url)): header \(GoJSON.quote(name)) is reserved")
        }
    }

    /// Go's `path.Join`: one slash between parts, `.` and `..` resolved,
    /// always rooted.
    static func joinPath(_ parts: String...) -> String {
        var segments: [Substring] = []
        for part in parts {
            for segment in part.split(separator: "/", omittingEmptySubsequences: true) {
                switch segment {
                case ".": continue
                case "..": _ = segments.popLast()
                default: segments.append(segment)
                }
            }
        }
        return "/" + segments.joined(separator: "/")
    }

    /// The headers of every request: authorization first, then the extras.
    func requestHeaders() -> [(String, String)] {
        var out: [(String, String)] = []
        switch authorization {
        case .bearer(let token):
            out.append(("Authorization", "Bearer " + token))
        case .basic(let username, let password):
            out.append(("Authorization", "Basic " + Data((username + ":" + password).utf8).base64EncodedString()))
        case nil:
            break
        }
        for name in headers.keys.sorted() { out.append((name, headers[name] ?? "")) }
        return out
    }
}

/// A notifier configuration Vigil cannot use, and why.
public enum AlertingConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let reason): return "invalid alerting configuration: \(reason)"
        }
    }
}
