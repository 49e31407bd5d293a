"""App wiring: settings, translations, logging, and the services container built from them."""
