import DiffusionODE
import Foundation
import Testing
import TestSupport

@Suite("Reference cases through diffode sample")
struct CLIReferenceCaseTests {
    static let cases = (try? Fixtures.referenceCases()) ?? []

    @Test("diffode sample reproduces the reference implementation", arguments: cases)
    func reproduces(referenceCase: ReferenceCase) throws {
        let folder = try DiffodeProcess.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in ["problem.json", "init.npy", "sigmas.npy"] where FileManager.default.fileExists(atPath: referenceCase.folder.appendingPathComponent(file).path) {
            try FileManager.default.copyItem(at: referenceCase.folder.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let result = try DiffodeProcess.run(["sample"] + referenceCase.arguments + ["--out", "out.npy"], in: folder)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.value("nfe") == "\(referenceCase.evaluations)")
        let output = try NumPyArray.read(contentsOfFile: folder.appendingPathComponent("out.npy").path)
        let error = output.maxAbsoluteDifference(to: try referenceCase.expected)
        #expect(error <= (try referenceCase.tolerance), "max error \(error)")
    }
}
