"""The day's work at a glance, per warehouse: what each role's home screen is built from."""
