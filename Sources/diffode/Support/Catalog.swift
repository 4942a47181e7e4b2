import DiffusionODE
import DiffusionODEGSL

/// Every solver the command line knows.
let solverCatalog = SolverCatalog.all
