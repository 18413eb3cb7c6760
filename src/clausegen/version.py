"""The version of clausegen, written once: hatch reads it here when it builds the package.

A plain string, so that importing clausegen reads no package metadata.
"""

__version__ = "0.1.0"
