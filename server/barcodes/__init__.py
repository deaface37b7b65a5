"""Server-side barcode decoding for devices whose camera decoding fails."""
