"""Events (what platforms report about one subject under one obligation), their compliance
verdicts, and the disclosure state each (obligation, subject) is in. Events are append-only."""
