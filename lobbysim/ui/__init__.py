"""lobbysim.ui."""
