# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
"""Contains endpoint functions for accessing the API"""
