"""Channels (公开方式): the registry of named channels, the classes they belong to, and how each
catalog's channel wording reads against them."""
