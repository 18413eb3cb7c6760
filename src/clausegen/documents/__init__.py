"""From an obligation to Word and PDF files: context, templates, rendering, generation."""
