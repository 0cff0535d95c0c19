"""Jurisdictions (行政区划) by GB/T 2260 code, with their parents up to the national level."""
