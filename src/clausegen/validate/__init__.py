"""What the contract owes: models, numbers, loading, reference tables and the hours (pure)."""

from clausegen.validate import charter as _charter
from clausegen.validate import models as _models

# NOTE: a buyer carries its charter, and the charter's rules name contract facts, so
# models.py only names the Charter type; it is resolved here, once both modules exist.
_models.Buyer.model_rebuild(_types_namespace={"Charter": _charter.Charter})
_models.Contract.model_rebuild()
