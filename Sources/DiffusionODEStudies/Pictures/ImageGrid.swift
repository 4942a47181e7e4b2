import DiffusionODE
import Foundation

/// Samples drawn as pictures: each row of a batch is an image of `height` x `width` pixels
/// (D = H W, grey) or of three channels in PyTorch's order (D = 3 H W, C x H x W), its values
/// mapped from [-1, 1] to 0...255 (clipped); the first `rows` x `columns` samples are tiled
/// row by row with a `padding` of mid-grey (128) between them, so black image edges stay
/// visible, each pixel drawn as a `scale` x `scale` block. Missing tiles (fewer samples than
/// places) are grey too.
public struct ImageGrid: Sendable {
    /// The picture's width and height in pixels.
    public let pixelWidth: Int, pixelHeight: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// The pixels, row-major, `channels` bytes each.
    public let pixels: [UInt8]

    /// The largest picture side drawn, so an input cannot ask for an unbounded allocation.
    public static let maximumSide = 16384

    /// Tiles `samples` into a grid.
    /// - Throws: ``DiffusionODEError`` naming the option at fault when D is neither H W nor
    ///   3 H W, or a size is below 1 or makes the picture larger than ``maximumSide``.
    public init(samples: Batch, height: Int, width: Int, rows: Int, columns: Int, scale: Int = 1, padding: Int = 1) throws {
        guard height >= 1, width >= 1 else {
            throw DiffusionODEError.invalidArgument("shape", "must be HxW with H, W >= 1, got \(height)x\(width)")
        }
        guard rows >= 1, columns >= 1 else {
            throw DiffusionODEError.invalidArgument("grid", "must be RxC with R, C >= 1, got \(rows)x\(columns)")
        }
        guard scale >= 1, scale <= Self.maximumSide else {
            throw DiffusionODEError.invalidArgument("scale", "must be between 1 and \(Self.maximumSide), got \(scale)")
        }
        guard padding >= 0, padding <= Self.maximumSide else {
            throw DiffusionODEError.invalidArgument("padding", "must be between 0 and \(Self.maximumSide), got \(padding)")
        }
        let (area, areaOverflow) = height.multipliedReportingOverflow(by: width)
        guard !areaOverflow, samples.columns == area || samples.columns == 3 * area else {
            throw DiffusionODEError.invalidArgument("shape", "\(height)x\(width) does not fit samples of dimension \(samples.columns): D must be H W (grey) or 3 H W (RGB)")
        }
        let channels = samples.columns == area ? 1 : 3
        func side(_ tiles: Int, _ extent: Int) -> Int? {
            let (tile, o1) = extent.multipliedReportingOverflow(by: scale)
            let (cell, o2) = tile.addingReportingOverflow(padding)
            let (total, o3) = cell.multipliedReportingOverflow(by: tiles)
            let (withEdge, o4) = total.addingReportingOverflow(padding)
            return o1 || o2 || o3 || o4 || withEdge > Self.maximumSide ? nil : withEdge
        }
        guard let pixelWidth = side(columns, width), let pixelHeight = side(rows, height) else {
            throw DiffusionODEError.invalidArgument("grid", "\(rows)x\(columns) tiles of \(height)x\(width) at scale \(scale) exceed \(Self.maximumSide) pixels a side")
        }
        var pixels = [UInt8](repeating: 128, count: pixelWidth * pixelHeight * channels)
        for tile in 0..<min(samples.rows, rows * columns) {
            let top = padding + (tile / columns) * (height * scale + padding)
            let left = padding + (tile % columns) * (width * scale + padding)
            for y in 0..<(height * scale) {
                for x in 0..<(width * scale) {
                    for channel in 0..<channels {
                        let value = samples[tile, channel * area + (y / scale) * width + x / scale]
                        let level = ((min(max(value, -1), 1) + 1) * 127.5).rounded()
                        pixels[((top + y) * pixelWidth + left + x) * channels + channel] = UInt8(level)
                    }
                }
            }
        }
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
        self.channels = channels
        self.pixels = pixels
    }

    /// A grid of `columns` = min(N, 10) and as many rows as the samples fill, at most 10.
    public static func defaultLayout(samples: Int) -> (rows: Int, columns: Int) {
        let columns = max(1, min(samples, 10))
        return (max(1, min((samples + columns - 1) / columns, 10)), columns)
    }

    /// The picture as PNG bytes.
    public func pngData() throws -> Data {
        try PNGCodec.encode(pixels: pixels, width: pixelWidth, height: pixelHeight, channels: channels)
    }
}

