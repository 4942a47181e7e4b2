import Foundation
import DiffusionODE

/// The reference cases copied from the DPM-Solver authors' implementation.
public enum Fixtures {
    /// The folder holding the reference-case folders.
    public static var referenceCasesDirectory: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("reference-cases")
    }
}
