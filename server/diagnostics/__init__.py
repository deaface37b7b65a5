"""Client error reports: a phone in a far aisle can tell the office it crashed."""
