"""SafeShift: competency-matched, fatigue-compliant rostering on OR-Tools CP-SAT."""

__version__ = "0.1.0"
