import Foundation

/// A `.safetensors` file (Hugging Face's weight format): an 8-byte little-endian header
/// length n, n bytes of JSON `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]},
/// "__metadata__": {"key": "value"}}`, then the tensors' bytes, offsets counted from the end of
/// the header.
///
/// Reads F64 and F32 tensors (widened to float64) in C order. Every malformed input (a header
/// longer than the file or than the format's 100 MB cap, offsets outside the data or not
/// matching the shape, an unsupported dtype, a non-finite value) is a ``DiffusionODEError``
/// naming the file and the tensor.
public struct SafeTensorsFile: Sendable {
    /// One tensor, its values widened to float64.
    public struct Tensor: Sendable, Equatable {
        /// The dtype as stored: `F64` or `F32`.
        public let dtype: String
        /// The shape, outermost first.
        public let shape: [Int]
        /// The values in C order.
        public let values: [Double]
    }

    /// The format's own bound on the header (the reference implementation refuses more).
    public static let maximumHeaderLength = 100_000_000

    /// The tensors by name.
    public let tensors: [String: Tensor]
    /// The string-to-string `__metadata__` map (empty when absent).
    public let metadata: [String: String]

    /// Parses the bytes of a `.safetensors` file.
    /// - Parameter source: the name used in error messages.
    public init(data: Data, source: String = "safetensors") throws {
        (tensors, metadata) = try data.withUnsafeBytes { try Self.decode($0, source: source) }
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer, source: String) throws -> ([String: Tensor], [String: String]) {
        guard bytes.count >= 8 else {
            throw DiffusionODEError.invalidInput(source, "is not a safetensors file (shorter than its 8-byte header length)")
        }
        let headerLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard headerLength <= UInt64(maximumHeaderLength), Int(headerLength) <= bytes.count - 8 else {
            throw DiffusionODEError.invalidInput(source, "declares a header of \(headerLength) bytes; the file has \(bytes.count - 8) after the length and the format allows \(maximumHeaderLength)")
        }
        let dataStart = 8 + Int(headerLength)
        let dataLength = bytes.count - dataStart
        guard case .object(let entries) = try JSONValue.parse(Data(bytes[8..<dataStart]), source: "\(source) (header)") else {
            throw DiffusionODEError.invalidInput(source, "has a header that is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        for entry in entries {
            let name = entry.key, field = "\(source): \(name)"
            if name == "__metadata__" {
                guard case .object(let pairs) = entry.value else {
                    throw DiffusionODEError.invalidInput(field, "must map strings to strings")
                }
                for pair in pairs {
                    guard case .string(let text) = pair.value else {
                        throw DiffusionODEError.invalidInput("\(field).\(pair.key)", "must be a string (__metadata__ maps strings to strings)")
                    }
                    metadata[pair.key] = text
                }
                continue
            }
            let keys = ["dtype", "shape", "data_offsets"]
            let description = try JSONFields(entry.value, source: field, kind: "a tensor entry", allowed: keys, required: keys)
            let dtype = try description.string("dtype")!, offsets = try description.integers("data_offsets")!
            let shape: [Int]
            do {
                shape = try description.integers("shape")!
            } catch {
                throw DiffusionODEError.invalidInput(field, "has a shape that is not a list of integers; every extent must be a non-negative integer")
            }
            let width: Int
            switch dtype {
            case "F64": width = 8
            case "F32": width = 4
            default: throw DiffusionODEError.invalidInput(field, "has dtype \(dtype); F64 and F32 are supported")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw DiffusionODEError.invalidInput(field, "has shape \(shape); every extent must be a non-negative integer")
            }
            var count = 1
            for extent in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: extent)
                guard !overflow, product <= dataLength else {
                    throw DiffusionODEError.invalidInput(field, "has shape \(shape), more values than the file holds")
                }
                count = product
            }
            guard offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength, offsets[1] - offsets[0] == count * width else {
                throw DiffusionODEError.invalidInput(field, "has data_offsets \(offsets); shape \(shape) of \(dtype) needs \(count * width) bytes within the \(dataLength) of data")
            }
            var values = [Double](repeating: 0, count: count)
            values.withUnsafeMutableBufferPointer { LittleEndianValues.read(bytes, at: dataStart + offsets[0], width: width, into: $0) }
            if let index = values.withUnsafeBufferPointer({ $0.firstNonFiniteIndex() }) {
                throw DiffusionODEError.invalidInput(field, "holds \(values[index]) at flat index \(index); every value must be finite")
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, values: values)
        }
        return (tensors, metadata)
    }

    /// Reads a `.safetensors` file.
    public init(contentsOfFile path: String) throws {
        try self.init(data: InputFile.contents(ofFile: path), source: path)
    }

    /// The tensor `name`, checked to have `shape`.
    /// - Throws: ``DiffusionODEError`` naming the tensor when it is missing or has another shape.
    public func tensor(_ name: String, shape: [Int], source: String = "safetensors") throws -> Tensor {
        guard let tensor = tensors[name] else {
            throw DiffusionODEError.invalidInput(source, "has no tensor \"\(name)\"")
        }
        guard tensor.shape == shape else {
            throw DiffusionODEError.invalidInput("\(source): \(name)", "has shape \(tensor.shape); \(shape) is needed")
        }
        return tensor
    }

    /// The bytes of a `.safetensors` file holding `tensors` as F64 (names sorted, metadata kept).
    public static func encode(_ tensors: [String: (shape: [Int], values: [Double])], metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var payload = Data()
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            guard tensor.shape.reduce(1, *) == tensor.values.count else {
                throw DiffusionODEError.invalidArgument(name, "has \(tensor.values.count) values for shape \(tensor.shape)")
            }
            let begin = payload.count
            tensor.values.withUnsafeBufferPointer { LittleEndianValues.append($0, to: &payload) }
            header[name] = ["dtype": "F64", "shape": tensor.shape, "data_offsets": [begin, payload.count]]
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        // The reference writer pads the header with spaces so the data starts 8-byte aligned.
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(payload)
        return file
    }
}
