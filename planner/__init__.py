"""Rotation Planner: household rebalancing toward a policy tilted by the small-cap regime."""

__version__ = "0.1.0"
