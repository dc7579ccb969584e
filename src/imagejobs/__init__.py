"""imagejobs: one dependable way to control jobs on image-generation APIs."""

__version__ = "0.1.0"
