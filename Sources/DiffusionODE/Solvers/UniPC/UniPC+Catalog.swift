extension SolverCatalog {
    /// UniPC of orders 1 to 3, with its B(h) variants and data or noise prediction.
    public static let uniPC = SolverCatalog(entries: (1...3).map { order in
        SolverEntry(
            name: "unipc-\(order)", summary: "UniPC: UniP-\(order) predictor + UniC corrector, one evaluation per step (--variant, --algorithm)",
            settings: [.variant, .algorithm]
        ) {
            try UniPC(order: order, variant: $0.uniPCVariant ?? .bh1, algorithm: $0.predictionAlgorithm)
        }
    })
}
