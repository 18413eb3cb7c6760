"""Developer tools of clausegen (run by make, not shipped)."""
