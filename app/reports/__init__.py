"""Compliance reports for supervisors: counts by status, on-time rate, lateness, overdue."""
