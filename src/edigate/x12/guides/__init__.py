"""Implementation guides as data: segment dictionaries, code lists and transaction-set structures."""
