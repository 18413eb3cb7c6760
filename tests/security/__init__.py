"""Red-team tests: hostile inputs of every family refused cleanly (issue 10)."""
