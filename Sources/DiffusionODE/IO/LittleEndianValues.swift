import Foundation

/// Float64 and float32 values stored little-endian (NumPy's `<f8`/`<f4`, safetensors' F64/F32,
/// the model server's rows on the wire), read into and written from float64: the one place
/// where bytes become numbers.
enum LittleEndianValues {
    /// Reads `values.count` values `width` bytes wide (8: float64; 4: float32, widened exactly)
    /// from `raw`, starting at byte `offset`.
    static func read(_ raw: UnsafeRawBufferPointer, at offset: Int, width: Int, into values: UnsafeMutableBufferPointer<Double>) {
        if width == 8 {
            for index in values.indices {
                values[index] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * index, as: UInt64.self)))
            }
        } else {
            for index in values.indices {
                values[index] = Double(Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 4 * index, as: UInt32.self))))
            }
        }
    }

    /// Writes `values` `width` bytes wide (8: float64; 4: float32, rounded to nearest) into
    /// `raw`, starting at byte `offset`.
    static func write(_ values: UnsafeBufferPointer<Double>, width: Int, into raw: UnsafeMutableRawBufferPointer, at offset: Int) {
        if width == 8 {
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: offset + 8 * index, as: UInt64.self)
            }
        } else {
            for (index, value) in values.enumerated() {
                raw.storeBytes(of: Float(value).bitPattern.littleEndian, toByteOffset: offset + 4 * index, as: UInt32.self)
            }
        }
    }

    /// Appends `values` as little-endian float64 to `data`.
    static func append(_ values: UnsafeBufferPointer<Double>, to data: inout Data) {
        let start = data.count
        data.append(contentsOf: repeatElement(0, count: 8 * values.count))
        data.withUnsafeMutableBytes { write(values, width: 8, into: $0, at: start) }
    }
}
