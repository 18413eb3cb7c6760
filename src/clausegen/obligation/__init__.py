"""What the contract owes: models, numbers, loading, reference tables and the hours (pure)."""
