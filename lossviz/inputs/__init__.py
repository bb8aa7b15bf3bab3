"""Reading input at the edge: typed text, uploaded files and the link, converted and checked once."""
