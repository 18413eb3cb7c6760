"""validate: strict models of what users write, and the checks pydantic cannot make."""
