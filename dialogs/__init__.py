"""The domain core of Regiescan: the scan, its content and its scoring, free of any front end."""
