import DiffusionODE

/// Every solver the command line knows.
let solverCatalog = SolverCatalog.standard
