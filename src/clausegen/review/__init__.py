"""review: judgements on computed results, such as which charter commitments a contract applies."""
