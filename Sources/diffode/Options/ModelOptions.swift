import ArgumentParser
import DiffusionODE
import DiffusionODEModels

/// The model a solver sees: the exact model of the problem file, a learned network or a model
/// server instead, with classifier-free guidance towards a class of a labelled mixture and
/// corrections of the data prediction.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A learned network instead of --problem (.safetensors in the diffode-mlp format of tools/train-digits-mlp.py).", valueName: "file.safetensors"))
    var model: String?

    @Option(name: .customLong("model-command"), help: ArgumentHelp("A model server instead of --problem: the shell command that starts it (protocol: Docs/ModelServer.md).", valueName: "command"))
    var modelCommand: String?

    @Option(name: .customLong("model-timeout"), parsing: .unconditional, help: "With --model-command: seconds to wait for any answer of the server (default 60).")
    var modelTimeout: Double?

    @Option(name: .customLong("class"), parsing: .unconditional, help: "Guide towards this class of a labelled problem (\"labels\" in the problem file).")
    var classLabel: Int?

    @Option(parsing: .unconditional, help: "The guidance scale w with --class: eps + w (eps_c - eps) (default 1: the conditional model).")
    var guidance: Double?

    @Option(name: .customLong("clip-x0"), parsing: .unconditional, help: "Clip the data prediction to [-M, M].")
    var clipX0: Double?

    @Option(name: .customLong("dynamic-threshold"), parsing: .unconditional, help: "Imagen's dynamic thresholding of the data prediction at this percentile (e.g. 0.995; maximum value 1).")
    var dynamicThreshold: Double?

    /// The model the options and the problem file (nil with --model or --model-command) describe.
    func model(problem: ProblemFile?) throws -> any NoisePredictor {
        if modelTimeout != nil, modelCommand == nil {
            throw DiffusionODEError.invalidArgument("model-timeout", "applies with --model-command")
        }
        if let classLabel {
            guard let mixture = problem?.mixture else {
                throw DiffusionODEError.invalidArgument("class", "guidance needs the exact class-conditional models of a labelled gaussian-mixture --problem")
            }
            return try corrected(GuidedPredictor(mixture: mixture, label: classLabel, scale: guidance ?? 1))
        }
        if guidance != nil {
            throw DiffusionODEError.invalidArgument("guidance", "applies with --class C, the class to guide towards")
        }
        if let problem { return try corrected(problem.model) }
        if let model {
            // The file is read whole and its tensors copied once into the layers.
            try MemoryBudget.check(bytes: MemoryBudget.product(try InputFile.size(ofFile: model), 3, 1), for: "the network in \(model), read and unpacked,", field: "model")
            return try corrected(MLPNoisePredictor(contentsOfFile: model))
        }
        try checkSource(problem: nil)
        return try corrected(ProcessNoisePredictor(command: modelCommand ?? "", timeout: modelTimeout ?? 60, isCancelled: Interrupt.isRequested))
    }

    /// `model` with the data-prediction correction the options ask for.
    private func corrected(_ model: any NoisePredictor) throws -> any NoisePredictor {
        if clipX0 != nil, dynamicThreshold != nil {
            throw DiffusionODEError.invalidArgument("clip-x0", "give either --clip-x0 or --dynamic-threshold, not both")
        }
        var model = model
        if let clipX0 {
            model = try CorrectedPredictor(model, correction: .clip(limit: clipX0))
        }
        if let dynamicThreshold {
            model = try CorrectedPredictor(model, correction: .dynamic(percentile: dynamicThreshold, maximum: 1))
        }
        return model
    }

    /// Whether the model is the problem's own exact model, unchanged (so its closed form applies).
    var isPlain: Bool { classLabel == nil && clipX0 == nil && dynamicThreshold == nil && model == nil && modelCommand == nil }

    /// How many of --problem, --model and --model-command name the model.
    func checkSource(problem: String?) throws {
        let given = [problem.map { _ in "--problem" }, model.map { _ in "--model" }, modelCommand.map { _ in "--model-command" }].compactMap { $0 }
        if given.count > 1 {
            throw DiffusionODEError.invalidArgument(given[1].dropFirst(2).description, "give one of --problem, --model and --model-command, not \(given.joined(separator: " and "))")
        }
        if given.isEmpty {
            throw DiffusionODEError.invalidArgument("problem", "missing; give --problem FILE.json, --model FILE.safetensors or --model-command CMD")
        }
    }
}
