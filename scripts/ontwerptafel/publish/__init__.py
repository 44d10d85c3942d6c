"""What leaves the project: citation files, RO-Crate, codebook, REFI-QDA and the release."""
