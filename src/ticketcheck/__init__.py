"""ticketcheck: preflight checks for Amazon Seller Central support cases."""
