"""Push: subscriptions, the notifications fanned out to them, and their delivery (精准推送)."""
