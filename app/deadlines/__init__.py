"""Deadlines (公开时限): reading the catalog's text into rules. Pure code, no FastAPI, no database."""
