import ArgumentParser
import DiffusionODE
import Foundation

/// `diffode render`: samples as a PNG grid of images.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw samples (a float .npy of N x D) as a PNG grid of images.",
        discussion: "Values map from [-1, 1] to black...white (clipped). Example: diffode render samples.npy --shape 8x8 --grid 10x10 --out samples.png"
    )

    @Argument(help: ArgumentHelp("The samples, N x D (.npy).", valueName: "samples.npy"))
    var samples: String

    @OptionGroup var picture: PictureOptions

    @Option(help: ArgumentHelp("Where to write the picture.", valueName: "file.png"))
    var out: String

    func validate() throws {
        guard URL(fileURLWithPath: out).pathExtension.lowercased() == "png" else {
            throw ValidationError("--out must end in .png, got '\(out)'")
        }
    }

    func run() throws {
        try OutputPath.refuseOverwriting([("out", out)], inputs: [("samples", samples)])
        let batch = try MemoryBudget.readBatch(samples, buffers: 1, field: "samples")
        guard batch.rows >= 1 else {
            throw DiffusionODEError.invalidInput(samples, "holds no samples; shape (N, D) with N >= 1 is needed")
        }
        let png = try picture.png(of: batch)
        try Interrupt.holding { try AtomicFile.write(png, toFile: out) }
        print("out: \(out)")
    }
}
