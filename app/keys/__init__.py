"""API keys: the access model every write uses. Keys are stored hashed, never in clear."""
