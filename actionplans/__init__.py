"""actionplans: publishes Domestic Homicide Review action plans as public progress pages."""

__version__ = "0.1.0"
