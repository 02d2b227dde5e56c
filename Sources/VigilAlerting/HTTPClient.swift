import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small HTTP/1.1 client over Foundation's `URLSession` (on Linux,
/// FoundationNetworking, which ships with the toolchain), with a hard limit
/// on the whole exchange: `URLRequest.timeoutInterval` only bounds idle time.
final class HTTPClient: Sendable {
    struct Response: Sendable {
        var status: Int
        var body: Data
    }

    enum Failure: Error, CustomStringConvertible {
        case timedOut(Duration)
        case transport(String)

        var description: String {
            switch self {
            case .timedOut(let limit): return "request timed out after \(limit)"
            case .transport(let message): return message
            }
        }
    }

    private let session: URLSession

    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    func send(
        method: String, url: URL, headers: [(String, String)], body: Data?, timeout: Duration
    ) async throws -> Response {
        var prepared = URLRequest(url: url)
        prepared.httpMethod = method
        prepared.httpBody = body
        for (name, value) in headers { prepared.setValue(value, forHTTPHeaderField: name) }
        prepared.timeoutInterval = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let request = prepared
        let session = self.session
        return try await withThrowingTaskGroup(of: Response.self) { group in
            group.addTask {
                do {
                    let (data, response) = try await session.data(for: request)
                    guard let http = response as? HTTPURLResponse else {
                        throw Failure.transport("not an HTTP response")
                    }
                    return Response(status: http.statusCode, body: data)
                } catch let error as Failure {
                    throw error
                } catch let error as URLError where error.code == .timedOut {
                    throw Failure.timedOut(timeout)
                } catch {
                    throw Failure.transport(Self.describe(error))
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Failure.timedOut(timeout)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Failure.transport("no response") }
            return first
        }
    }

    private static func describe(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError,
           let message = underlying.userInfo[NSLocalizedDescriptionKey] as? String {
            return message
        }
        if let message = nsError.userInfo[NSLocalizedDescriptionKey] as? String { return message }
        return "\(error)"
    }
}
