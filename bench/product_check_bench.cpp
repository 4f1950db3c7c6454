// Filled in with the ingredient checker.
