from medlint.main import main

raise SystemExit(main())
