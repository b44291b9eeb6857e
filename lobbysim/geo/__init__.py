"""lobbysim.geo."""
