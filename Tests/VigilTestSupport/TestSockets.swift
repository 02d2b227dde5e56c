import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plain POSIX sockets for the few things a real Alertmanager cannot play: a
/// port nobody listens on, a peer that accepts and never answers, and a
/// listener that records one request's headers.
public enum TestSockets {
    /// A port that was free a moment ago on 127.0.0.1.
    public static func freePort() throws -> Int {
        let fd = try listeningSocket(backlog: 1)
        defer { close(fd) }
        return try localPort(fd)
    }

    public static func listeningSocket(backlog: Int32) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            close(fd)
            throw HarnessError("bind/listen: errno \(errno)")
        }
        return fd
    }

    public static func localPort(_ fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { throw HarnessError("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A listening socket that never accepts: connections complete in the
/// kernel's backlog and requests wait for an answer that never comes, like
/// an Alertmanager that hangs.
public final class SilentPeer: @unchecked Sendable {
    public let port: Int
    private let fd: Int32

    public init() throws {
        fd = try TestSockets.listeningSocket(backlog: 16)
        port = try TestSockets.localPort(fd)
    }

    deinit { close(fd) }
}

/// Accepts connections on a thread of its own and answers every request
/// `200 OK`, keeping the request line, headers and body.
public final class RecordingHTTPListener: @unchecked Sendable {
    public struct Request: Sendable {
        public var requestLine: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }
    }

    public let port: Int
    private let fd: Int32
    private let lock = NSLock()
    private var received: [Request] = []

    public init() throws {
        fd = try TestSockets.listeningSocket(backlog: 16)
        port = try TestSockets.localPort(fd)
        let listener = fd
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                if let request = Self.readRequest(client) {
                    lock.withLock { received.append(request) }
                    let reply = Array("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8)
                    _ = reply.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
                }
                close(client)
            }
        }
    }

    deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    public var requests: [Request] { lock.withLock { received } }

    private static func readRequest(_ client: Int32) -> Request? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let separator = Array("\r\n\r\n".utf8)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(client, $0.baseAddress, $0.count) }
            if count <= 0 { return nil }
            data += buffer[0..<count]
            if headerEnd == nil, let range = data.firstRange(of: separator) {
                headerEnd = range.upperBound
                let head = String(decoding: data[..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() {
                    if let colon = line.firstIndex(of: ":"), line[..<colon].lowercased() == "content-length" {
                        contentLength = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)) ?? 0
                    }
                }
            }
            if let end = headerEnd, data.count >= end + contentLength {
                let head = String(decoding: data[..<(end - 4)], as: UTF8.self)
                let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
                let headers = lines.dropFirst().compactMap { line -> (String, String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
                }
                return Request(requestLine: String(lines.first ?? ""), headers: headers, body: Array(data[end..<(end + contentLength)]))
            }
        }
    }
}
