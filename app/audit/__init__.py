"""The audit log: every administrative write, who made it, when, and the record before and after."""
