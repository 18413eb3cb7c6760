"""compute: pure arithmetic on resolved parameters: the hours, and the portfolio figures."""
