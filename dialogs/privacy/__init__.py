"""Privacy rules: consents, the privacy statement, retention."""
