// plan benchmark (written later)
