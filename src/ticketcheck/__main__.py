from ticketcheck.cli import main

raise SystemExit(main())
