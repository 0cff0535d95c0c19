"""The change feed: every event, verdict and disclosure status change, in commit order."""
