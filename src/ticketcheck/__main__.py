from ticketcheck.cli import run

run()
