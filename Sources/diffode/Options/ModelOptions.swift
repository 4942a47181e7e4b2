import ArgumentParser
import DiffusionODE

/// What turns the problem's exact mixture into the model a solver sees: classifier-free
/// guidance towards a class, and corrections of its data prediction.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("class"), parsing: .unconditional, help: "Guide towards this class of a labelled problem (\"labels\" in the problem file).")
    var classLabel: Int?

    @Option(parsing: .unconditional, help: "The guidance scale w with --class: eps + w (eps_c - eps) (default 1: the conditional model).")
    var guidance: Double?

    @Option(name: .customLong("clip-x0"), parsing: .unconditional, help: "Clip the data prediction to [-M, M].")
    var clipX0: Double?

    @Option(name: .customLong("dynamic-threshold"), parsing: .unconditional, help: "Imagen's dynamic thresholding of the data prediction at this percentile (e.g. 0.995; maximum value 1).")
    var dynamicThreshold: Double?

    /// The model for `mixture`.
    func model(for mixture: GaussianMixture) throws -> any NoisePredictor {
        if guidance != nil, classLabel == nil {
            throw DiffusionODEError.invalidArgument("guidance", "applies with --class C, the class to guide towards")
        }
        if clipX0 != nil, dynamicThreshold != nil {
            throw DiffusionODEError.invalidArgument("clip-x0", "give either --clip-x0 or --dynamic-threshold, not both")
        }
        var model: any NoisePredictor = mixture
        if let classLabel {
            model = try GuidedPredictor(mixture: mixture, label: classLabel, scale: guidance ?? 1)
        }
        if let clipX0 {
            model = try CorrectedPredictor(model, correction: .clip(limit: clipX0))
        }
        if let dynamicThreshold {
            model = try CorrectedPredictor(model, correction: .dynamic(percentile: dynamicThreshold, maximum: 1))
        }
        return model
    }

    /// Whether the model is the plain mixture (so its closed form applies).
    var isPlain: Bool { classLabel == nil && clipX0 == nil && dynamicThreshold == nil }
}
