import sys

from cphub.cli import main

sys.exit(main())
