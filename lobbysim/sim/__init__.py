"""lobbysim.sim."""
