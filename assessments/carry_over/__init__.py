"""Start from last year: a new draft that copies the answers of the organisation's latest
submitted assessment, each copied section marked until someone saves it."""
