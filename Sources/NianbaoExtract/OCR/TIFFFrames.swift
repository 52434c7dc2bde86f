import Foundation
import NianbaoDocument
import NianbaoSupport

/// The frames (pages) of a TIFF file, from its image file directories alone, without decoding
/// any image: a multi-page TIFF (a report scanned into one file) is read one frame at a time, and
/// each frame's size is checked before it is decoded.
enum TIFFFrames {
    /// The most frames read of one file (a 500-page scan is read; a loop or a forged chain stops).
    static let maxFrames = 2000

    /// Width and height of each frame in order; nil when the bytes are not a TIFF or its
    /// directory chain cannot be followed (the decoder then says what is wrong).
    static func sizes(of bytes: [UInt8]) -> [(width: Int, height: Int)]? {
        guard bytes.count >= 8 else { return nil }
        let little: Bool
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) {
            little = true
        } else if bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            little = false
        } else {
            return nil
        }
        func int(_ offset: Int, _ size: Int) -> Int? {
            guard offset >= 0, size <= 4, offset <= bytes.count - size else { return nil }
            var value = 0
            for i in 0..<size {
                let byte = Int(bytes[offset + (little ? size - 1 - i : i)])
                value = value << 8 | byte
            }
            return value
        }
        var sizes: [(width: Int, height: Int)] = []
        var seen = Set<Int>()
        var next = int(4, 4) ?? 0
        while next != 0 {
            guard sizes.count < maxFrames, seen.insert(next).inserted, let count = int(next, 2) else { return nil }
            var width: Int?, height: Int?
            for entry in 0..<count {
                let at = next + 2 + 12 * entry
                guard let tag = int(at, 2), let type = int(at + 2, 2) else { return nil }
                // SHORT (3) or LONG (4), the value in the entry itself.
                let value = type == 3 ? int(at + 8, 2) : type == 4 ? int(at + 8, 4) : nil
                if tag == 256 { width = value }
                if tag == 257 { height = value }
            }
            guard let width, let height, width > 0, height > 0, let following = int(next + 2 + 12 * count, 4) else { return nil }
            sizes.append((width, height))
            next = following
        }
        return sizes.isEmpty ? nil : sizes
    }
}
