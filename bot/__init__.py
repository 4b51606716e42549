"""summitbot: plans summits, mini-summits and hackathons from one YAML agenda per event."""

__version__ = "0.1.0"
