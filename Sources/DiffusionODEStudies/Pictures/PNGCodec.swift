import CPNG
import DiffusionODE
import Foundation

/// PNG through libpng's simplified API (8-bit grey or RGB), so the compressed stream is
/// libpng's own and any viewer reads it.
public enum PNGCodec {
    /// PNG bytes of `pixels` (row-major, `channels` = 1 or 3 bytes each).
    /// - Throws: ``DiffusionODEError`` with libpng's message when encoding fails.
    public static func encode(pixels: [UInt8], width: Int, height: Int, channels: Int) throws -> Data {
        precondition((channels == 1 || channels == 3) && pixels.count == width * height * channels)
        var image = png_image()
        image.version = cpng_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = channels == 1 ? cpng_format_gray() : cpng_format_rgb()
        var size: png_alloc_size_t = 0
        let stride = png_int_32(width * channels)
        let sized = pixels.withUnsafeBufferPointer { png_image_write_to_memory(&image, nil, &size, 0, $0.baseAddress, stride, nil) }
        guard sized != 0, size > 0 else { throw failure(&image) }
        var data = Data(count: Int(size))
        let written = pixels.withUnsafeBufferPointer { source in
            data.withUnsafeMutableBytes { png_image_write_to_memory(&image, $0.baseAddress, &size, 0, source.baseAddress, stride, nil) }
        }
        guard written != 0 else { throw failure(&image) }
        data.count = Int(size)  // the first call's size is an upper bound
        return data
    }

    /// The pixels of PNG bytes, converted to 8-bit grey (1) or RGB (3) `channels`.
    public static func decode(_ data: Data, channels: Int) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        var image = png_image()
        image.version = cpng_image_version()
        let begun = data.withUnsafeBytes { png_image_begin_read_from_memory(&image, $0.baseAddress, $0.count) }
        guard begun != 0 else { throw failure(&image) }
        image.format = channels == 1 ? cpng_format_gray() : cpng_format_rgb()
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let finished = pixels.withUnsafeMutableBytes { png_image_finish_read(&image, nil, $0.baseAddress, png_int_32(width * channels), nil) }
        guard finished != 0 else { throw failure(&image) }
        return (width, height, pixels)
    }

    private static func failure(_ image: inout png_image) -> DiffusionODEError {
        let message = withUnsafeBytes(of: image.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        png_image_free(&image)
        return DiffusionODEError(.io, field: "png", "libpng: \(message)")
    }
}
