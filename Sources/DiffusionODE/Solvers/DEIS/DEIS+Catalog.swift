extension SolverCatalog {
    /// DEIS-tAB of orders 1 to 3 in sigma-tilde.
    public static let deis = SolverCatalog(entries: (1...3).map { order in
        SolverEntry(name: "deis-\(order)", summary: "DEIS tAB\(order) (ComfyUI sample_deis, tab weights; --coefficients exact for accurate quadrature)", settings: [.coefficients]) {
            try DEIS(order: order, weights: $0.weights ?? .reference)
        }
    })
}
