"""Review and publication: decisions a person makes on a run's facts, kept in `factsheet.db`,
the local review page that records them, and `factsheet publish`, which applies them."""
