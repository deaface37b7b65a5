"""Evidence: photos and signatures that prove a pickup or a delivery.

`intake` makes an upload safe to keep (format allowlist, pixel cap before decoding, EXIF
stripped, orientation normalised, a thumbnail), `store` keeps blobs by content address,
`uploads` resumes a phone's upload across dropped connections.
"""
