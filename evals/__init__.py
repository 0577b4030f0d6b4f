"""Everything that measures Walkaway, kept out of the runtime package: the eval harness
(`walkaway eval`), its case reader, judges and reports, the benchmark (`walkaway bench`),
the miner that labels dev-case sentences for the classifier, and the behaviour snapshot
used to prove a refactor changed nothing. The product never imports this package to give
advice; only the CLI's eval/bench commands and the UI's Evals page load it, lazily."""
