"""The maintenance verbs of the `regiescan` command (export, peers, staff, store)."""
