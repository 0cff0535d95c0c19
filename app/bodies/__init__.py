"""Responsible bodies beyond a fixed name: successors under new names, functions at a level, and
the writes that keep them current."""
