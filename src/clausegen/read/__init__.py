"""read: a file or a text becomes raw data that can point back at its lines and columns.

Nothing here knows what a contract is; every input is bounded and screened for control
characters before anything else sees it.
"""
