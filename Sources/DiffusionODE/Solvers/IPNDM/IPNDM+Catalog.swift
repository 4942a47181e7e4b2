extension SolverCatalog {
    /// iPNDM with fixed and with variable-step weights, in sigma-tilde.
    public static let iPNDM = SolverCatalog(entries: [
        SolverEntry(name: "ipndm", summary: "iPNDM (ComfyUI sample_ipndm): Adams-Bashforth up to 4 in sigma-tilde, fixed weights, x = D into 0") { _ in
            try IPNDM(variableStep: false)
        },
        SolverEntry(name: "ipndm-v", summary: "iPNDM-v (ComfyUI sample_ipndm_v): variable-step weights as coded; --coefficients exact for true ones", settings: [.coefficients]) {
            try IPNDM(variableStep: true, weights: $0.weights ?? .reference)
        },
    ])
}
