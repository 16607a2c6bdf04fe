"""Training and export (`classifier train`). Needs the `[train]` extra (torch, transformers,
optimum); nothing here is imported by the serving path except `split` and `corpus`, which are
torch-free."""
