"""resolve: a validated contract gets its buyer profile merged and every parameter resolved."""
