"""Orders in (imports, JSON) and customer-service changes, all as sync ops."""
