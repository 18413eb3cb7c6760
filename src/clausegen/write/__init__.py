"""write: a run of clausegen, whose documents are written all or nothing, and PDF copies."""
