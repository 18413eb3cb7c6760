"""render: template sets, their safety and lint, and the documents rendered in memory."""
