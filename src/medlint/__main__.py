from medlint.cli import main

raise SystemExit(main())
