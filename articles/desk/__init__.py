"""The editors' desk: workflow operations, revisions, tag care, uploads, the admin and its front page."""
