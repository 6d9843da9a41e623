"""ticketcheck: preflight checks for Amazon Seller Central support cases."""

__version__ = "0.1.0"
