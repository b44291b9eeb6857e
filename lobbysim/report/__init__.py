"""lobbysim.report."""
