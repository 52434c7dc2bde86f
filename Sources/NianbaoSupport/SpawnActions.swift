import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// File actions every child nianbao starts shares.
package enum SpawnActions {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), looked up at run
    /// time: Swift's Glibc module does not declare it.
    private static let closeFrom: CloseFrom? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: CloseFrom.self)
        #else
        return nil
        #endif
    }()

    /// Closes, in the child, every descriptor from 3 up (after the actions added so far). A
    /// descriptor opened without close-on-exec (a caller's pipe; the socket Foundation watches a
    /// child process by) would otherwise stay open in a worker or in LibreOffice, and whoever
    /// waits for its end would wait as long as they run.
    package static func closeInherited(_ actions: inout posix_spawn_file_actions_t) {
        _ = closeFrom?(&actions, 3)
    }
}
