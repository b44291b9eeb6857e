"""lobbysim.experiments."""
