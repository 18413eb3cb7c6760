"""What happened after award: realised hours, portfolio key figures, open data."""
