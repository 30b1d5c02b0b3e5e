"""DfE SSDA903 validation rules, one small function per published rule code.

Import this package to register every rule; run them with :func:`cphub.ssda903.validate.validate`.
"""

from cphub.ssda903.rules import _load  # noqa: F401  (imports every rules_*.py module)
from cphub.ssda903.rules.base import RULES, Context, Rule, rule  # noqa: F401
