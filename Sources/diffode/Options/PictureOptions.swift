import ArgumentParser
import DiffusionODE
import DiffusionODEStudies
import Foundation

/// How samples become a picture: the image shape of one sample, the tiling, the pixel size.
struct PictureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Each sample is an image of H x W pixels: D = H W (grey) or 3 H W (RGB, in PyTorch's C, H, W order); values in [-1, 1].", valueName: "HxW"))
    var shape: PictureSize?

    @Option(help: ArgumentHelp("Tile the first R x C samples, row by row (default: 10 columns and up to 10 rows).", valueName: "RxC"))
    var grid: PictureSize?

    @Option(parsing: .unconditional, help: "Draw each pixel as a block of this many pixels a side (default: enough for tiles of at least 32 pixels).")
    var scale: Int?

    /// The PNG bytes of `samples` drawn as these options say; `field` names the shape option in errors.
    func png(of samples: Batch, shapeField: String = "shape") throws -> Data {
        guard let shape else {
            throw DiffusionODEError.invalidArgument(shapeField, "missing; give the image shape of one sample as HxW, e.g. 8x8")
        }
        let layout = grid.map { ($0.first, $0.second) } ?? ImageGrid.defaultLayout(samples: samples.rows)
        let pixelScale = scale ?? max(1, 32 / max(shape.first, shape.second))
        return try ImageGrid(samples: samples, height: shape.first, width: shape.second, rows: layout.0, columns: layout.1, scale: pixelScale).pngData()
    }
}
