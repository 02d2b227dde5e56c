// Copied from Tests/VigilRulesTests/Support/TestSockets.swift (itself a copy of VigilAlertingTests'; test targets
// cannot share sources); keep them in step.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A free port for the Alertmanager under test.
enum TestSockets {
    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = try listeningSocket(backlog: 1)
        defer { close(fd) }
        return try localPort(fd)
    }

    static func listeningSocket(backlog: Int32) throws -> Int32 {
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

    static func localPort(_ fd: Int32) throws -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { throw HarnessError("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
