import DiffusionODE
import Foundation
import Testing

@Suite("NumPy files")
struct NumPyArrayTests {
    static func header(_ text: String, version: UInt8 = 1) -> Data {
        var data = Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, version, 0])
        let length = text.utf8.count
        if version == 1 {
            data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        } else {
            data.append(contentsOf: [UInt8(length & 0xFF), UInt8((length >> 8) & 0xFF), 0, 0])
        }
        data.append(contentsOf: Array(text.utf8))
        return data
    }

    static func doubles(_ values: [Double]) -> Data {
        var data = Data()
        for value in values { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    @Test("write then read returns the same batch, and the header is 64-byte aligned")
    func roundTrip() throws {
        let batch = try Batch([[1, -2.5, 3e-300], [.pi, -0.0, 1e300]])
        let data = NumPyArray.encode(batch)
        #expect(try NumPyArray.decode(data) == batch)
        let headerLength = Int(data[8]) | Int(data[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(data.count == 10 + headerLength + 6 * 8)
    }

    @Test("float32, version 2.0 and Fortran order are read")
    func variants() throws {
        var float32 = Self.header("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }\n")
        for value in [Float(1.5), Float(-0.25)] { withUnsafeBytes(of: value.bitPattern.littleEndian) { float32.append(contentsOf: $0) } }
        #expect(try NumPyArray.decode(float32) == (try Batch([[1.5, -0.25]])))

        let version2 = Self.header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }\n", version: 2) + Self.doubles([4, 5])
        #expect(try NumPyArray.decode(version2) == (try Batch([[4], [5]])))

        let fortran = Self.header("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n") + Self.doubles([1, 4, 2, 5, 3, 6])
        #expect(try NumPyArray.decode(fortran) == (try Batch([[1, 2, 3], [4, 5, 6]])))

        let vector = Self.header("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }\n") + Self.doubles([0.1, 0.2, 0.3])
        #expect(try NumPyArray.decodeVector(vector) == [0.1, 0.2, 0.3])
    }

    @Test("malformed files are typed errors", arguments: [
        ("magic", Data("NOTNUMPY....".utf8)),
        ("dtype", header("{'descr': '>f8', 'fortran_order': False, 'shape': (1, 1), }\n") + doubles([1])),
        ("integer dtype", header("{'descr': '<i8', 'fortran_order': False, 'shape': (1, 1), }\n") + doubles([1])),
        ("rank", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1), }\n") + doubles([1])),
        ("truncated", header("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }\n") + doubles([1, 2, 3])),
        ("trailing", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }\n") + doubles([1, 2])),
        ("header", header("{'descr': '<f8', 'fortran_order': Maybe, 'shape': (1, 1), }\n") + doubles([1])),
        ("header length", Data([0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, 0xFF, 0xFF, 0x7B])),
        ("non-finite", header("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }\n") + doubles([1, .nan])),
        ("huge shape", header("{'descr': '<f8', 'fortran_order': False, 'shape': (999999999999, 999999999999), }\n")),
    ])
    func malformed(label: String, data: Data) {
        #expect(throws: DiffusionODEError.self, "\(label)") { try NumPyArray.decode(data, source: "x.npy") }
    }
}
